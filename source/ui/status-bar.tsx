import {Text} from 'ink';
import type {PostSort} from '../store/feed-query.js';
import type {UserSort} from '../store/users-query.js';
import {cellWidth, fitCells, truncateCells} from './text/cells.js';
import {useTheme} from './theme.js';

export function postSortLabel(sort: PostSort): string {
	if (sort.field === 'timestamp') {
		return sort.reverse ? 'oldest first' : 'newest first';
	}
	return sort.reverse ? 'author Z→A' : 'author A→Z';
}

export function userSortLabel(sort: UserSort): string {
	if (sort.field === 'username') {
		return sort.reverse ? 'name Z→A' : 'name A→Z';
	}
	return sort.reverse ? 'latest post last' : 'latest post first';
}

export type StatusBarProps = {
	readonly view: string;
	readonly sort: string | undefined;
	readonly position: string | undefined;
	readonly database: string;
	readonly user: string | undefined;
	readonly width: number;
};

/** view · sort · position · database · user · ? help; the database path gives way first when narrow. */
export function StatusBar({view, sort, position, database, user, width}: StatusBarProps) {
	const theme = useTheme();
	const help = '? help';
	const before = [view, sort, position].filter(Boolean).join(' · ');
	const after = `${user ? `${user}` : 'not signed in'} · ${help}`;
	const room = width - cellWidth(before) - cellWidth(after) - 7;
	const middle = room >= 8 ? truncateCells(database, room) : '';
	let line = [before, middle, after].filter(Boolean).join(' · ');
	if (cellWidth(line) + 1 > width) {
		// Too narrow even without the path: cut the view part, never the user and `? help`.
		line = `${truncateCells(before, Math.max(1, width - cellWidth(after) - 4))} · ${after}`;
	}
	// With colour the bar is inverse video across the whole width; without, plain text.
	const text = theme.enabled ? fitCells(` ${line}`, width) : truncateCells(` ${line}`, width);
	return <Text inverse={theme.selectedInverse}>{text}</Text>;
}
