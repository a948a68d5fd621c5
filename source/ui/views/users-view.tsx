import {Box, Text} from 'ink';
import type {UserRow} from '../../store/users-query.js';
import type {ListWindow} from '../list/list-window.js';
import {visibleRows} from '../list/list-window.js';
import {fitCells, fitCellsRight} from '../text/cells.js';
import {formatCount, relativeTime} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';
import {userColumns} from './list-columns.js';

export type UsersViewProps = {readonly window: ListWindow<UserRow>; readonly width: number; readonly now: Date};


export function UsersView({window, width, now}: UsersViewProps) {
	const theme = useTheme();
	const visible = visibleRows(window);
	const column = userColumns(visible.flatMap(({row}) => (row ? [row] : [])), width);
	const heading =
		'  ' +
		fitCells('username', column.name) +
		' ' +
		fitCells('email', column.email) +
		' ' +
		fitCellsRight('posts', column.posts) +
		' ' +
		fitCellsRight('latest', column.latest);
	return (
		<Box flexDirection="column">
			<Text color={theme.muted} bold={theme.bold}>
				{fitCells(heading, width)}
			</Text>
			{!window.ready ? (
				<Text>loading…</Text>
			) : window.total === 0 ? (
				<Text>No users yet. Press a, then r, to register the first account.</Text>
			) : (
				visible.map(({index, row}) => {
					const selected = index === window.selected;
					const marker = selected ? '› ' : '  ';
					if (!row) {
						return <Text key={`pending-${index}`}>{fitCells(`${marker}…`, width)}</Text>;
					}
					const line =
						marker +
						fitCells(sanitize(row.username), column.name) +
						' ' +
						fitCells(sanitize(row.email), column.email) +
						' ' +
						fitCellsRight(formatCount(row.postCount), column.posts) +
						' ' +
						fitCellsRight(relativeTime(row.latestPost, now), column.latest);
					return (
						<Text key={row.id} inverse={selected && theme.selectedInverse}>
							{fitCells(line, width)}
						</Text>
					);
				})
			)}
		</Box>
	);
}
