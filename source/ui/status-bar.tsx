import {Text} from 'ink';
import type {PostSort} from '../store/feed-pages.js';
import type {UserSort} from '../store/users-query.js';
import {cellWidth, fitCells, truncateCells} from './text/cells.js';
import {locationLabel} from './text/location-label.js';
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

/**
 * view · sort · position · database · user · ? help. The database is shown
 * home-relative, its middle folders elided or only its basename as room shrinks
 * (text/location-label.ts); when narrow it gives way first, then the sort, then the view name is cut: the position,
 * the user and `? help` are what a small terminal still needs.
 */
export function StatusBar({view, sort, position, database, user, width}: StatusBarProps) {
	const theme = useTheme();
	const help = '? help';
	const after = `${user ? `${user}` : 'not signed in'} · ${help}`;
	const join = (parts: ReadonlyArray<string | undefined>) => parts.filter(Boolean).join(' · ');
	// One leading space and a spare cell at the end, so the bar never touches the last column.
	const fits = (text: string) => cellWidth(text) + 2 <= width;
	const before = join([view, sort, position]);
	// The database never takes more than its share: what the rest leaves, at most 60% of the bar.
	const room = Math.min(width - cellWidth(before) - cellWidth(after) - 8, Math.floor(width * 0.6));
	let line = join([before, room >= 6 ? locationLabel(database, room) : undefined, after]);
	if (!fits(line)) {
		line = join([before, after]);
	}
	if (!fits(line)) {
		line = join([view, position, after]);
	}
	if (!fits(line)) {
		const tail = join([position, after]);
		const viewRoom = width - cellWidth(tail) - 5;
		line = viewRoom >= 4 ? join([truncateCells(view, viewRoom), tail]) : tail;
	}
	// With colour the bar is inverse video across the whole width; without, plain text.
	const text = theme.enabled ? fitCells(` ${line}`, width) : truncateCells(` ${line}`, width);
	return <Text inverse={theme.selectedInverse}>{text}</Text>;
}
