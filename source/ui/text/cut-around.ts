import {cellWidth, graphemes, truncateCells} from './cells.js';

/** A row's text in three parts, the match in the middle, cut to fit its column: `…before match after…`. */
export type AroundMatch = {readonly before: string; readonly match: string; readonly after: string};

/** The last graphemes of `text` that fit in `width` cells. */
function tailCells(text: string, width: number): string {
	let tail = '';
	let used = 0;
	for (const grapheme of graphemes(text).reverse()) {
		const size = cellWidth(grapheme);
		if (used + size > width) {
			break;
		}
		tail = grapheme + tail;
		used += size;
	}
	return tail;
}

/**
 * `text` (sanitised: one line, printable) cut to at most `width` cells so that the match [start, end) shows: cut at
 * the end as usual when the match fits before it, else cut in front too, with about a third of the room left for
 * what comes before the match, so the row says why it matched. A match wider than the column is cut itself.
 */
export function cutAround(text: string, start: number, end: number, width: number): AroundMatch {
	const before = text.slice(0, start);
	const match = text.slice(start, end);
	const after = text.slice(end);
	if (width <= 0) {
		return {before: '', match: '', after: ''};
	}
	if (cellWidth(text) <= width) {
		return {before, match, after};
	}
	const matchWidth = cellWidth(match);
	if (matchWidth >= width - 1) {
		return {before: '', match: truncateCells(match, width), after: ''};
	}
	const beforeWidth = cellWidth(before);
	if (beforeWidth + matchWidth <= width - 1) {
		return {before, match, after: truncateCells(after, width - beforeWidth - matchWidth)};
	}
	// Cut in front: `…` and the end of what came before, the match, then what follows, cut in turn if it must be.
	const room = width - 1 - matchWidth;
	const afterWidth = cellWidth(after);
	const lead = tailCells(before, afterWidth <= room - Math.floor(room / 3) ? room - afterWidth : Math.floor(room / 3));
	return {before: `…${lead}`, match, after: truncateCells(after, room - cellWidth(lead))};
}
