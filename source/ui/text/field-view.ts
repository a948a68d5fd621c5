import {cellWidth, graphemes} from './cells.js';

/*
 * How a text field is drawn with its cursor (source/ui/input/text-field.ts): where, in terminal cells, the insertion
 * point is, so that the real terminal cursor can be put there (an input method draws its candidates at it). Columns
 * are cells, not characters: a CJK character or an emoji takes two.
 */

export type WrappedField = {
	readonly lines: readonly string[];
	/** The line and the cell within it where the cursor is; `column` is always less than the width. */
	readonly row: number;
	readonly column: number;
};

/**
 * `value` word-wrapped to lines of at most `width` cells (a word longer than a line is broken between characters),
 * and where `cursor` (an offset into `value` on a character boundary) falls. Blanks stay where they were typed, so
 * every offset has a place; the cursor at the end of a full last line goes to the start of a new one.
 */
export function wrapField(value: string, cursor: number, width: number): WrappedField {
	const safeWidth = Math.max(1, width);
	const starts = [0];
	let lineStart = 0;
	let used = 0;
	// After the last blank on the current line: a break there keeps the word after it whole.
	let breakAt = -1;
	let usedAtBreak = 0;
	let offset = 0;
	for (const grapheme of graphemes(value)) {
		const size = cellWidth(grapheme);
		while (used + size > safeWidth && offset > lineStart) {
			if (breakAt > lineStart) {
				lineStart = breakAt;
				used -= usedAtBreak;
			} else {
				lineStart = offset;
				used = 0;
			}
			starts.push(lineStart);
			breakAt = -1;
		}
		used += size;
		offset += grapheme.length;
		if (/^\s+$/u.test(grapheme)) {
			breakAt = offset;
			usedAtBreak = used;
		}
	}
	const lines = starts.map((start, index) => value.slice(start, starts[index + 1] ?? value.length));
	let row = 0;
	for (const [index, start] of starts.entries()) {
		if (start <= cursor) {
			row = index;
		}
	}
	let column = cellWidth(value.slice(starts[row], cursor));
	if (column >= safeWidth) {
		lines.push('');
		row = lines.length - 1;
		column = 0;
	}
	return {lines, row, column};
}

export type ScrolledField = {
	/** What is shown of the value: at most `width` cells. */
	readonly text: string;
	/** The cell of the cursor within `text`, less than the width. */
	readonly column: number;
};

/**
 * One line of `width` cells onto a value that may be longer: from its start while the cursor is in view, else the
 * part that ends at the cursor, so the cursor is always on screen.
 */
export function scrollField(value: string, cursor: number, width: number): ScrolledField {
	const safeWidth = Math.max(1, width);
	const before = graphemes(value.slice(0, cursor));
	let start = 0;
	let column = cellWidth(value.slice(0, cursor));
	while (column > safeWidth - 1 && start < before.length) {
		column -= cellWidth(before[start]!);
		start++;
	}
	let text = before.slice(start).join('');
	let used = column;
	for (const grapheme of graphemes(value.slice(cursor))) {
		const size = cellWidth(grapheme);
		if (used + size > safeWidth) {
			break;
		}
		text += grapheme;
		used += size;
	}
	return {text, column};
}
