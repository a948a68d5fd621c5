import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {mergeFetched, planFetch} from '../../source/ui/list/list-fetch.js';
import {emptyWindow} from '../../source/ui/list/list-window.js';
import type {ListWindow} from '../../source/ui/list/list-window.js';

function windowOf(start: number, count: number, total: number, top: number): ListWindow<number> {
	const rows = Array.from({length: count}, (_, index) => start + index);
	return {...emptyWindow<number>(5), rows, start, total, selected: top, top, ready: true, counted: true};
}

describe('filling a list buffer', () => {
	it('reads nothing when the window and its margins are held', () => {
		assert.equal(planFetch(windowOf(0, 15, 100, 0)), undefined);
		assert.equal(planFetch(emptyWindow<number>(5)), undefined, 'not before the first page');
	});

	it('reads on from the buffer edge when that is cheapest, and merges the rows', () => {
		const window = windowOf(0, 10, 100, 2);
		const plan = planFetch(window);
		assert.deepEqual(plan, {kind: 'after', from: 9, count: 2});
		const merged = mergeFetched(window, plan!, [10, 11]);
		assert.deepEqual(merged.rows.slice(-2), [10, 11]);
		assert.equal(merged.total, 100);
	});

	it('reads the end afresh after a jump to the last row, and starts the list when rows went above', () => {
		const jumped = {...windowOf(0, 10, 1000, 995), selected: 999};
		assert.deepEqual(planFetch(jumped), {kind: 'last', count: 10});
		const window = windowOf(50, 10, 100, 50);
		const plan = planFetch(window);
		assert.equal(plan?.kind, 'before');
		const merged = mergeFetched(window, plan!, [49]);
		assert.equal(merged.start, 0, 'fewer rows above than asked: the buffer starts the list');
	});
});
