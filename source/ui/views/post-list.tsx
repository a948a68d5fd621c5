import {Box, Text} from 'ink';
import {memo} from 'react';
import type {PostFilter, PostRow} from '../../store/feed-pages.js';
import type {ListWindow} from '../list/list-window.js';
import {visibleRows} from '../list/list-window.js';
import {cellWidth, fitCells, fitCellsRight} from '../text/cells.js';
import {ageWidth, markWidth, postColumns, postHeading} from './list-columns.js';
import {relativeTime} from '../text/format.js';
import {shownAuthor, shownBody} from '../../text/placeholders.js';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../theme.js';
import {useTheme} from '../theme.js';
import {HighlightedCells} from './highlighted-cells.js';

export type PostListProps = {
	readonly window: ListWindow<PostRow>;
	readonly width: number;
	/** Profiles leave the author out: every row would say the same name. */
	readonly showAuthor: boolean;
	readonly empty: string;
	readonly now: Date;
	/** The filter in force: its text is marked in each body, an `@name` in the author column. */
	readonly filter?: PostFilter;
};

type PostLineProps = {
	readonly row: PostRow;
	readonly selected: boolean;
	readonly width: number;
	readonly authorWidth: number;
	readonly age: string;
	readonly theme: Theme;
	readonly needle: string | undefined;
	readonly authorNeedle: string | undefined;
};

/**
 * One row, memoised: a key press changes two rows of the screen (the old and
 * the new selection), so only those two are measured and cut again.
 */
const PostLine = memo(function PostLine({row, selected, width, authorWidth, age, theme, needle, authorNeedle}: PostLineProps) {
	const marker = selected ? '› ' : '  ';
	const ageCells = fitCellsRight(age, ageWidth) + '  ';
	const used = cellWidth(marker) + (authorWidth > 0 ? authorWidth + 1 : 0) + cellWidth(ageCells);
	const author = shownAuthor(row);
	const body = shownBody(row.body);
	return (
		<Text inverse={selected && theme.selectedInverse}>
			{marker}
			{authorWidth > 0 ? (
				<Text color={theme.accent}>
					<HighlightedCells text={sanitize(author.text)} needle={authorNeedle} width={authorWidth} theme={theme} placeholder={author.missing} />{' '}
				</Text>
			) : null}
			<Text color={selected ? undefined : theme.muted}>{ageCells}</Text>
			<HighlightedCells text={sanitize(body.text)} needle={needle} width={Math.max(0, width - used)} theme={theme} placeholder={body.missing} />
		</Text>
	);
});

/** Only the rows in the window are rendered, each cut to the width in cells. */
export function PostList({window, width, showAuthor, empty, now, filter}: PostListProps) {
	const theme = useTheme();
	if (!window.ready) {
		return <Text>loading…</Text>;
	}
	if (window.total === 0) {
		return <Text>{empty}</Text>;
	}
	const visible = visibleRows(window);
	const columns = postColumns(visible.flatMap(({row}) => (row ? [row] : [])), width, showAuthor, markWidth(Boolean(filter?.author), theme.enabled));
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
						age={row.timeKey === null ? '—' : relativeTime(row.timestamp, now)}
						theme={theme}
						needle={filter?.text}
						authorNeedle={filter?.author}
					/>
				);
			})}
		</Box>
	);
}
