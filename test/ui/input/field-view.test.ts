import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {scrollField, wrapField} from '../../../source/ui/text/field-view.js';

describe('where a field is drawn with its cursor', () => {
	it('counts the cursor column in terminal cells: a CJK character and an emoji take two', () => {
		assert.deepEqual(wrapField('abc', 3, 20), {lines: ['abc'], row: 0, column: 3});
		assert.deepEqual(wrapField('abc', 1, 20), {lines: ['abc'], row: 0, column: 1});
		assert.equal(wrapField('日本語', 6, 20).column, 6);
		assert.equal(wrapField('a日本', 2, 20).column, 3);
		assert.equal(wrapField('👍x', 2, 20).column, 2);
	});

	it('wraps at blanks and puts the cursor on the row it falls on', () => {
		const wrapped = wrapField('one two three four', 18, 9);
		assert.deepEqual(wrapped.lines, ['one two ', 'three ', 'four']);
		assert.deepEqual([wrapped.row, wrapped.column], [2, 4]);
		// At a break, the cursor is at the start of the next line.
		assert.deepEqual(pick(wrapField('one two three four', 8, 9)), [1, 0]);
		assert.deepEqual(pick(wrapField('one two three four', 5, 9)), [0, 5]);
	});

	it('breaks a word longer than a line, and never puts a wide character across the edge', () => {
		assert.deepEqual(wrapField('abcdefghij', 10, 4).lines, ['abcd', 'efgh', 'ij']);
		assert.deepEqual(wrapField('ab日本語', 0, 5).lines, ['ab日', '本語']);
	});

	it('puts the cursor at the end of a full last line at the start of a new one', () => {
		assert.deepEqual(wrapField('abcd', 4, 4), {lines: ['abcd', ''], row: 1, column: 0});
		assert.deepEqual(wrapField('', 0, 4), {lines: [''], row: 0, column: 0});
	});

	it('scrolls one line so the cursor stays in view', () => {
		assert.deepEqual(scrollField('hello', 5, 10), {text: 'hello', column: 5});
		assert.deepEqual(scrollField('abcdefghijkl', 12, 5), {text: 'ijkl', column: 4});
		assert.deepEqual(scrollField('abcdefghijkl', 2, 5), {text: 'abcde', column: 2});
		assert.deepEqual(scrollField('日本語日本語', 12, 5), {text: '本語', column: 4});
	});
});

function pick(wrapped: {row: number; column: number}): [number, number] {
	return [wrapped.row, wrapped.column];
}
