import {Box, Text} from 'ink';
import type {UserRow} from '../../store/users-query.js';
import type {ListWindow} from '../list/list-window.js';
import {visibleRows} from '../list/list-window.js';
import {fitCells, fitCellsRight} from '../text/cells.js';
import {formatCount, relativeTime} from '../text/format.js';
import {shownEmail, shownUsername} from '../../text/placeholders.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';
import {HighlightedCells} from './highlighted-cells.js';
import {markWidth, userColumns} from './list-columns.js';

export type UsersViewProps = {
	readonly window: ListWindow<UserRow>;
	readonly width: number;
	readonly now: Date;
	/** The filter in force: marked in the username and email columns. */
	readonly filterText?: string;
};

export function UsersView({window, width, now, filterText}: UsersViewProps) {
	const theme = useTheme();
	const visible = visibleRows(window);
	const column = userColumns(visible.flatMap(({row}) => (row ? [row] : [])), width, markWidth(Boolean(filterText), theme.enabled));
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
				<Text>{filterText ? fitCells(`No users match "${sanitize(filterText)}". Esc clears the filter.`, width) : 'No users yet. Press a, then r, to register the first account.'}</Text>
			) : (
				visible.map(({index, row}) => {
					const selected = index === window.selected;
					const marker = selected ? '› ' : '  ';
					if (!row) {
						return <Text key={`pending-${index}`}>{fitCells(`${marker}…`, width)}</Text>;
					}
					const rest =
						' ' + fitCellsRight(formatCount(row.postCount), column.posts) + ' ' + fitCellsRight(relativeTime(row.latestPost, now), column.latest);
					// The columns add up to the width at most (columns() leaves the room): the last one is cut to what is left.
					const restWidth = Math.max(0, width - 2 - column.name - 1 - column.email);
					const name = shownUsername(row.username);
					const email = shownEmail(row.email);
					return (
						<Text key={row.id} inverse={selected && theme.selectedInverse}>
							{marker}
							<HighlightedCells text={sanitize(name.text)} needle={filterText} width={column.name} theme={theme} placeholder={name.missing} />{' '}
							<HighlightedCells text={sanitize(email.text)} needle={filterText} width={column.email} theme={theme} placeholder={email.missing} />
							{fitCells(rest, restWidth)}
						</Text>
					);
				})
			)}
		</Box>
	);
}
