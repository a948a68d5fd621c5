import {Box, Text} from 'ink';
import {memo} from 'react';
import type {PostRow} from '../../store/feed-pages.js';
import type {ListWindow} from '../list/list-window.js';
import {visibleRows} from '../list/list-window.js';
import {cellWidth, fitCells, fitCellsRight} from '../text/cells.js';
import {ageWidth, postColumns, postHeading} from './list-columns.js';
import {relativeTime} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../theme.js';

export type PostListProps = {
	readonly window: ListWindow<PostRow>;
	readonly width: number;
	/** Profiles leave the author out: every row would say the same name. */
	readonly showAuthor: boolean;
	readonly empty: string;
	readonly now: Date;
};

type PostLineProps = {
	readonly row: PostRow;
	readonly selected: boolean;
	readonly width: number;
	readonly authorWidth: number;
	readonly age: string;
	readonly theme: Theme;
};

/**
 * One row, memoised: a key press changes two rows of the screen (the old and
 * the new selection), so only those two are measured and cut again.
 */
const PostLine = memo(function PostLine({row, selected, width, authorWidth, age, theme}: PostLineProps) {
	const marker = selected ? '› ' : '  ';
	const author = authorWidth > 0 ? fitCells(sanitize(row.username), authorWidth) + ' ' : '';
	const ageCells = fitCellsRight(age, ageWidth) + '  ';
	const used = cellWidth(marker) + cellWidth(author) + cellWidth(ageCells);
	const body = fitCells(sanitize(row.body), Math.max(0, width - used));
	return (
		<Text inverse={selected && theme.selectedInverse}>
			{marker}
			<Text color={theme.accent}>{author}</Text>
			<Text color={selected ? undefined : theme.muted}>{ageCells}</Text>
			{body}
		</Text>
	);
});

/** Only the rows in the window are rendered, each cut to the width in cells. */
export function PostList({window, width, showAuthor, empty, now}: PostListProps) {
	const theme = useTheme();
	if (!window.ready) {
		return <Text>loading…</Text>;
	}
	if (window.total === 0) {
		return <Text>{empty}</Text>;
	}
	const visible = visibleRows(window);
	const columns = postColumns(visible.flatMap(({row}) => (row ? [row] : [])), width, showAuthor);
	const authorWidth = columns.author;
	return (
		<Box flexDirection="column">
			<Text color={theme.muted} bold={theme.bold}>
				{postHeading(columns, width)}
			</Text>
			{visible.map(({index, row}) => {
				const selected = index === window.selected;
				if (!row) {
					return <Text key={`pending-${index}`}>{fitCells(`${selected ? '› ' : '  '}…`, width)}</Text>;
				}
				return (
					<PostLine
						key={row.id}
						row={row}
						selected={selected}
						width={width}
						authorWidth={authorWidth}
						age={relativeTime(row.timestamp, now)}
						theme={theme}
					/>
				);
			})}
		</Box>
	);
}
