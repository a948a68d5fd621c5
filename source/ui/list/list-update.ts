import {settle, trim} from './list-window.js';
import type {ListWindow} from './list-window.js';

/** What a live update read: the buffer's rows afresh from absolute index `start`, and how many rows are new above the old head. */
export type UpdateRead<R> = {
	readonly fresh: readonly R[];
	readonly start: number;
	/** How many rows were asked for: fewer means the list ends inside them. */
	readonly wanted: number;
	readonly added: number;
};

export type UpdatePlacement<R> =
	/** Every buffered row went: there is no place to keep, and the list is read around its selection instead. */
	| {readonly kind: 'lost'}
	/** The same rows in the same order: the change was out of sight (or this process's own write echoed back). */
	| {readonly kind: 'unchanged'}
	/** The window over the fresh rows, its selection on the row it was on; `newAbove` rows arrived above the screen. */
	| {readonly kind: 'placed'; readonly window: ListWindow<R>; readonly newAbove: number};

/**
 * Places a live update's rows (ListController.update) as pure arithmetic: positions move by what was gained or lost
 * before each kept row rather than being counted, the selection stays on its row (or the next one still there, else
 * the previous one), and a list scrolled away from the top keeps its rows on screen while the rows above are counted.
 */
export function placeUpdate<R>(old: ListWindow<R>, read: UpdateRead<R>, id: (row: R) => unknown): UpdatePlacement<R> {
	const {fresh, start, wanted, added} = read;
	const held = old.rows.length;
	const freshIndex = new Map(fresh.map((row, index) => [id(row), index]));
	let lastKept = -1;
	for (let index = held - 1; index >= 0; index--) {
		if (freshIndex.has(id(old.rows[index]!))) {
			lastKept = index;
			break;
		}
	}
	if (lastKept < 0) {
		return {kind: 'lost'};
	}
	if (added === 0 && fresh.length === held && fresh.every((row, index) => id(row) === id(old.rows[index]!))) {
		return {kind: 'unchanged'};
	}
	// Rows gained or lost between the buffer's first row and its last kept one (new rows on top included when reading from the start).
	const delta = freshIndex.get(id(old.rows[lastKept]!))! - lastKept;
	let total = old.total + delta + (start === 0 ? 0 : added);
	if (fresh.length < wanted) {
		// The list ends inside what was read: its length is known exactly.
		total = start + fresh.length;
	}
	const place = (oldIndex: number): number | undefined => {
		const row = old.rows[oldIndex - old.start];
		const index = row === undefined ? undefined : freshIndex.get(id(row));
		return index === undefined ? undefined : start + index;
	};
	let selected = place(old.selected);
	// A deleted selection moves to the next row that is still there, else the previous one.
	for (let index = old.selected + 1; selected === undefined && index < old.start + held; index++) {
		selected = place(index);
	}
	for (let index = old.selected - 1; selected === undefined && index >= old.start; index--) {
		selected = place(index);
	}
	selected ??= old.selected + (start - old.start);
	let top = 0;
	let newAbove = 0;
	if (old.top > 0) {
		// Scrolled away from the top: the rows on screen stay put and a line says what arrived above.
		const shift = (place(old.top) ?? selected + (old.top - old.selected)) - old.top;
		top = old.top + shift;
		newAbove = Math.max(0, shift);
	}
	const window = trim(settle({...old, rows: fresh, start, total: Math.max(total, start + fresh.length), selected, top}));
	return {kind: 'placed', window, newAbove};
}
