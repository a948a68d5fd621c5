import {Box, Text} from 'ink';
import type {PostRow} from '../../store/feed-query.js';
import type {ListWindow} from '../list/list-window.js';
import {visibleRows} from '../list/list-window.js';
import {cellWidth, fitCells, fitCellsRight} from '../text/cells.js';
import {relativeTime} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';

export type PostListProps = {
	readonly window: ListWindow<PostRow>;
	readonly width: number;
	/** Profiles leave the author out: every row would say the same name. */
	readonly showAuthor: boolean;
	readonly empty: string;
	readonly now: Date;
};

/** Only the rows in the window are rendered, each cut to the width in cells. */
export function PostList({window, width, showAuthor, empty, now}: PostListProps) {
	const theme = useTheme();
	if (!window.ready) {
		return <Text>loading…</Text>;
	}
	if (window.total === 0) {
		return <Text>{empty}</Text>;
	}
	const authorWidth = showAuthor ? Math.min(16, Math.max(6, Math.floor(width / 5))) : 0;
	const ageWidth = 4;
	return (
		<Box flexDirection="column">
			{visibleRows(window).map(({index, row}) => {
				const selected = index === window.selected;
				const marker = selected ? '› ' : '  ';
				if (!row) {
					return <Text key={`pending-${index}`}>{fitCells(`${marker}…`, width)}</Text>;
				}
				const author = showAuthor ? fitCells(sanitize(row.username), authorWidth) + ' ' : '';
				const age = fitCellsRight(relativeTime(row.timestamp, now), ageWidth) + '  ';
				const used = cellWidth(marker) + cellWidth(author) + cellWidth(age);
				const body = fitCells(sanitize(row.body), Math.max(0, width - used));
				return (
					<Text key={row.id} inverse={selected && theme.selectedInverse}>
						{marker}
						<Text color={theme.accent}>{author}</Text>
						<Text color={selected ? undefined : theme.muted}>{age}</Text>
						{body}
					</Text>
				);
			})}
		</Box>
	);
}
