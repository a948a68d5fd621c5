import stringWidth from 'string-width';
import {collectGraphemes} from 'unicode-segmenter/grapheme';

/**
 * Terminal cells, not string length: wide CJK characters and most emoji take
 * two cells, combining marks none. Rows are cut and padded by these widths so
 * they never overflow into the next line.
 *
 * Terminals disagree about multi-code-point emoji: tmux 3.3 draws 👍🏽 (emoji +
 * skin-tone modifier) as two emoji, four cells, where string-width says two.
 * One cell too many on a full-width row wraps it, scrolls the screen and
 * leaves Ink erasing the wrong lines. So a grapheme counts as the wider of
 * its joined width and the sum of its code points: on a terminal that joins
 * it the row ends a cell or two short, which is harmless.
 */
function graphemeWidth(grapheme: string): number {
	const joined = stringWidth(grapheme);
	if (grapheme.length <= 1 || /^[\u0020-\u007E]+$/.test(grapheme)) {
		return joined;
	}
	let separate = 0;
	for (const codePoint of grapheme) {
		separate += stringWidth(codePoint);
	}
	return Math.max(joined, separate);
}

/**
 * Every frame measures and cuts the same strings again (the status bar, the
 * header, each visible row): remember the answers. Bounded, emptied when full.
 */
class Memo<Value> {
	readonly #values = new Map<string, Value>();

	constructor(private readonly limit: number) {}

	get(key: string, compute: () => Value): Value {
		let value = this.#values.get(key);
		if (value === undefined) {
			if (this.#values.size >= this.limit) {
				this.#values.clear();
			}
			value = compute();
			this.#values.set(key, value);
		}
		return value;
	}
}

const widths = new Memo<number>(4000);
const cuts = new Memo<string>(4000);

export function cellWidth(text: string): number {
	// Printable ASCII is the common case: no segmenting needed.
	if (/^[\u0020-\u007E]*$/.test(text)) {
		return text.length;
	}
	return widths.get(text, () => {
		let width = 0;
		for (const grapheme of graphemes(text)) {
			width += graphemeWidth(grapheme);
		}
		return width;
	});
}

/** The characters of `text` as the user sees them (grapheme clusters). */
export function graphemes(text: string): string[] {
	// unicode-segmenter, not Intl.Segmenter: ICU's first grapheme iterator costs ~16 ms of every start,
	// and each segmentation ~5× as long (measured on feed rows).
	return collectGraphemes(text);
}

/** Cuts `text` to at most `width` cells, ending with `…` when something was cut. */
export function truncateCells(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}
	if (cellWidth(text) <= width) {
		return text;
	}
	return cuts.get(`${width}\u0000${text}`, () => cutCells(text, width));
}

function cutCells(text: string, width: number): string {
	let result = '';
	let used = 0;
	for (const grapheme of graphemes(text)) {
		const size = graphemeWidth(grapheme);
		if (used + size > width - 1) {
			break;
		}
		result += grapheme;
		used += size;
	}
	return `${result}…`;
}

/** Cut to `width` then pad with spaces to exactly `width` cells. */
export function fitCells(text: string, width: number): string {
	const cut = truncateCells(text, width);
	return cut + ' '.repeat(Math.max(0, width - cellWidth(cut)));
}

/** Right-aligned in `width` cells. */
export function fitCellsRight(text: string, width: number): string {
	const cut = truncateCells(text, width);
	return ' '.repeat(Math.max(0, width - cellWidth(cut))) + cut;
}

/** Word-wraps to lines of at most `width` cells; words longer than a line are broken by grapheme. */
export function wrapCells(text: string, width: number): string[] {
	const lines: string[] = [];
	const safeWidth = Math.max(1, width);
	for (const paragraph of text.split('\n')) {
		let line = '';
		let used = 0;
		const pushLine = () => {
			lines.push(line.trimEnd());
			line = '';
			used = 0;
		};
		for (const word of paragraph.split(/(\s+)/)) {
			if (word === '') {
				continue;
			}
			const size = cellWidth(word);
			if (used + size <= safeWidth) {
				line += word;
				used += size;
				continue;
			}
			if (/^\s+$/.test(word)) {
				pushLine();
				continue;
			}
			if (size <= safeWidth) {
				pushLine();
				line = word;
				used = size;
				continue;
			}
			for (const grapheme of graphemes(word)) {
				const graphemeSize = graphemeWidth(grapheme);
				if (used + graphemeSize > safeWidth) {
					pushLine();
				}
				line += grapheme;
				used += graphemeSize;
			}
		}
		pushLine();
	}
	return lines;
}
