import {homedir} from 'node:os';
import {cellWidth, graphemes, truncateCells} from './cells.js';

/** Cuts the middle out of `text` to fit `width` cells (`postgres://me@host…/db`): both ends say more than the middle. */
function elideMiddle(text: string, width: number): string {
	if (cellWidth(text) <= width) {
		return text;
	}
	if (width <= 2) {
		return truncateCells(text, width);
	}
	const characters = graphemes(text);
	const headRoom = Math.ceil((width - 1) / 2);
	const head = truncateCells(text, headRoom + 1).slice(0, -1);
	let tail = '';
	for (let index = characters.length - 1; index >= 0; index--) {
		const candidate = characters[index]! + tail;
		if (cellWidth(head) + 1 + cellWidth(candidate) > width) {
			break;
		}
		tail = candidate;
	}
	return `${head}…${tail}`;
}

/**
 * The database as the status bar shows it in `room` cells: a file home-relative (`~/.local/share/microblog-tui/app.db`),
 * then with its middle folders elided (`~/…/microblog-tui/app.db`, `~/…/app.db`), then its basename, then the basename
 * cut. A URL (already redacted by postgres-url.ts: its password never reaches this) keeps its two ends.
 */
export function locationLabel(display: string, room: number, home: string = homedir()): string {
	if (room <= 0) {
		return '';
	}
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(display) || display === ':memory:') {
		return elideMiddle(display, room);
	}
	const homeRelative =
		home && home !== '/' && (display === home || display.startsWith(`${home}/`)) ? `~${display.slice(home.length)}` : display;
	if (cellWidth(homeRelative) <= room) {
		return homeRelative;
	}
	const parts = homeRelative.split('/');
	const base = parts.at(-1) ?? homeRelative;
	// `~` or '' (the root): what the path starts from.
	const first = parts[0]!;
	for (let kept = parts.length - 2; kept >= 1; kept--) {
		const candidate = `${first}/…/${parts.slice(-kept).join('/')}`;
		if (cellWidth(candidate) <= room) {
			return candidate;
		}
	}
	return truncateCells(base, room);
}
