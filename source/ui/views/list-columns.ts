import {cellWidth, fitCells, fitCellsRight} from '../text/cells.js';
import {shownAuthor, shownEmail, shownUsername} from '../../text/placeholders.js';
import {sanitize} from '../text/sanitize.js';

/**
 * Column widths of the lists, in terminal cells, following the terminal's width and the rows on screen: a username
 * column as wide as the longest name in the visible page (within bounds), an email column capped, the post's body
 * taking what is left. docs/tui.md ("Layout") gives the rules.
 */

/** The marker column (`› `) every row starts with. */
const markerWidth = 2;
/** The age column of a post row (`12m`, `now`), right-aligned. */
export const ageWidth = 4;
const minNameWidth = 8;
/** A username is at most 64 characters (the schema's VARCHAR(64)). */
const maxNameWidth = 64;
/** The username column takes at most this share of the width, so that the body or the email keeps room. */
const nameShare = 0.3;
/** An email is as long as it is, up to this: wider, the columns after it were pushed off a wide terminal. */
export const maxEmailWidth = 40;
const minEmailWidth = 5;

// Sanitising and measuring a name costs more than the rest of a row's layout: once per row object (a page read
// again brings new objects, so nothing stale is kept), not on every key press.
const measured = new WeakMap<object, {name: number; email: number}>();

/** A row of either list: a post (its author's name, or a placeholder) or a user (name and email). */
type MeasuredRow = {readonly username: string | null; readonly email?: string | null; readonly userId?: number | null; readonly authorMissing?: boolean};

function measure(row: MeasuredRow): {name: number; email: number} {
	let widths = measured.get(row);
	if (!widths) {
		// A post's author column says who wrote it, or (no author); a user's name column (no name) when it has none.
		const name = row.userId === undefined ? shownUsername(row.username) : shownAuthor({...row, userId: row.userId});
		widths = {name: cellWidth(sanitize(name.text)), email: row.email === undefined ? 0 : cellWidth(sanitize(shownEmail(row.email).text))};
		measured.set(row, widths);
	}
	return widths;
}

function longest(rows: ReadonlyArray<MeasuredRow>, field: 'name' | 'email'): number {
	let widest = 0;
	for (const row of rows) {
		widest = Math.max(widest, measure(row)[field]);
	}
	return widest;
}

/**
 * Cells the match marks add to a marked column: without colour a match is in «guillemets» (highlighted-cells.tsx),
 * and a column only as wide as its longest name would cut the name's end off to fit them.
 */
export function markWidth(marked: boolean, colour: boolean): number {
	return marked && !colour ? 2 : 0;
}

function nameWidth(rows: ReadonlyArray<MeasuredRow>, width: number, marks: number): number {
	const cap = Math.max(minNameWidth, Math.min(maxNameWidth, Math.floor(width * nameShare)));
	return Math.min(cap, Math.max(minNameWidth, longest(rows, 'name') + marks));
}

export type PostColumns = {readonly author: number; readonly body: number};

/** A post list's columns: marker, author (0 in a profile, where every row has the same one), age, body. */
export function postColumns(rows: ReadonlyArray<MeasuredRow>, width: number, showAuthor: boolean, marks = 0): PostColumns {
	const author = showAuthor ? nameWidth(rows, width, marks) : 0;
	const used = markerWidth + (author > 0 ? author + 1 : 0) + ageWidth + 2;
	return {author, body: Math.max(0, width - used)};
}

/** The heading line of a post list, aligned with its rows. */
export function postHeading(columns: PostColumns, width: number): string {
	const author = columns.author > 0 ? fitCells('author', columns.author) + ' ' : '';
	return fitCells(' '.repeat(markerWidth) + author + fitCellsRight('age', ageWidth) + '  post', width);
}

export type UserColumns = {readonly name: number; readonly email: number; readonly posts: number; readonly latest: number};

const postsWidth = 7;
const latestWidth = 7;

/** The Users list's columns: name as long as the longest on screen, email up to 40 cells, posts, latest post. */
export function userColumns(rows: ReadonlyArray<MeasuredRow>, width: number, marks = 0): UserColumns {
	const name = nameWidth(rows, width, marks);
	const room = Math.max(0, width - markerWidth - name - 1 - 1 - postsWidth - 1 - latestWidth);
	const email = Math.min(room, maxEmailWidth + marks, Math.max(minEmailWidth, longest(rows, 'email') + marks));
	return {name, email, posts: postsWidth, latest: latestWidth};
}
