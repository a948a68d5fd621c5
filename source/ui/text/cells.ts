import stringWidth from 'string-width';

/**
 * Terminal cells, not string length: wide CJK characters and most emoji take
 * two cells, combining marks none. Rows are cut and padded by these widths so
 * they never overflow into the next line.
 */
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

export function cellWidth(text: string): number {
	return stringWidth(text);
}

function graphemes(text: string): string[] {
	return Array.from(segmenter.segment(text), segment => segment.segment);
}

/** Cuts `text` to at most `width` cells, ending with `…` when something was cut. */
export function truncateCells(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}
	if (stringWidth(text) <= width) {
		return text;
	}
	let result = '';
	let used = 0;
	for (const grapheme of graphemes(text)) {
		const size = stringWidth(grapheme);
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
	return cut + ' '.repeat(Math.max(0, width - stringWidth(cut)));
}

/** Right-aligned in `width` cells. */
export function fitCellsRight(text: string, width: number): string {
	const cut = truncateCells(text, width);
	return ' '.repeat(Math.max(0, width - stringWidth(cut))) + cut;
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
			const size = stringWidth(word);
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
				const graphemeSize = stringWidth(grapheme);
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
