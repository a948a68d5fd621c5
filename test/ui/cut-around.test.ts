// runs once
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {findMatch} from '../../source/store/text-match.js';
import {cellWidth} from '../../source/ui/text/cells.js';
import {cutAround} from '../../source/ui/text/cut-around.js';

/** The row as drawn: before, match, after. */
function drawn(text: string, needle: string, width: number): string {
	const found = findMatch(text, needle)!;
	const cut = cutAround(text, found.start, found.end, width);
	return `${cut.before}[${cut.match}]${cut.after}`;
}

describe('a row cut around its match', () => {
	it('is whole when it fits', () => {
		assert.equal(drawn('un café au lait', 'CAFÉ', 40), 'un [café] au lait');
	});

	it('is cut at the end as usual when the match comes early', () => {
		assert.equal(drawn('café and then a great many words that do not fit', 'café', 20), '[café] and then a gre…');
	});

	it('is cut in front and behind when the match comes late, with about a third of the room before it', () => {
		const row = drawn(`${'x'.repeat(60)} the match here and more text after it`, 'match', 20);
		assert.equal(row, '…the [match] here and…');
		assert.equal(cellWidth(row) - 2, 20, 'exactly the width (the brackets are this test’s)');
	});

	it('gives the room before the match to what precedes it when the row ends soon after', () => {
		assert.equal(drawn(`${'word '.repeat(12)}END`, 'end', 12), '…rd word [END]');
	});

	it('measures wide characters in cells and never splits a grapheme', () => {
		const row = drawn(`${'漢字'.repeat(10)}👍🏽 café`, 'CAFÉ', 12);
		assert.ok(row.startsWith('…'));
		assert.ok(row.endsWith('[café]'));
		assert.ok(cellWidth(row) - 2 <= 12);
		assert.ok(!row.includes('\uFFFD'));
	});

	it('cuts a match wider than the column itself', () => {
		assert.equal(drawn('a needle that is long', 'needle that is long', 8), '[needle …]');
	});
});
