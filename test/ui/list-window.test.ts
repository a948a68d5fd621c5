// runs once
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ListWindow} from '../../source/ui/list/list-window.js';
import {pageBy, trim, wantedRange} from '../../source/ui/list/list-window.js';

function windowAt(top: number, rows: {start: number; count: number}): ListWindow<number> {
	return {
		rows: Array.from({length: rows.count}, (_, index) => rows.start + index),
		start: rows.start,
		total: 1000,
		selected: top,
		top,
		height: 16,
		ready: true,
		counted: true,
	};
}

describe('list window', () => {
	it('wants a whole page fetched on each side of the window, within the list', () => {
		assert.deepEqual(wantedRange(windowAt(32, {start: 0, count: 0})), {low: 16, high: 64});
		assert.deepEqual(wantedRange(windowAt(0, {start: 0, count: 0})), {low: 0, high: 32});
		assert.deepEqual(wantedRange({...windowAt(990, {start: 0, count: 0}), total: 1000}), {low: 974, high: 1000});
	});

	it('after a page down, the rows to draw are already in a buffer that covered the wanted range', () => {
		// The buffer holds exactly what the controller fetched: the wanted range.
		const {low, high} = wantedRange(windowAt(32, {start: 0, count: 0}));
		const before = windowAt(32, {start: low, count: high - low});
		const after = pageBy(before, 1);
		assert.equal(after.top, 48);
		for (let index = after.top; index < after.top + after.height; index++) {
			assert.ok(index >= after.start && index < after.start + after.rows.length, `row ${index} is buffered`);
		}
	});

	it('trims the buffer to a few pages, never inside the wanted range', () => {
		const buffered = windowAt(400, {start: 0, count: 1000});
		const trimmed = trim(buffered);
		const {low, high} = wantedRange(trimmed);
		assert.ok(trimmed.rows.length <= 5 * buffered.height, `${trimmed.rows.length} rows kept`);
		assert.ok(trimmed.start <= low && trimmed.start + trimmed.rows.length >= high, 'the wanted range is kept');
	});
});
