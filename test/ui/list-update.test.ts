import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {placeUpdate} from '../../source/ui/list/list-update.js';
import {emptyWindow} from '../../source/ui/list/list-window.js';
import type {ListWindow} from '../../source/ui/list/list-window.js';

const id = (row: string) => row;

function windowOf(rows: string[], selected: number, top = 0): ListWindow<string> {
	return {...emptyWindow<string>(3), rows, total: rows.length, selected, top, ready: true, counted: true};
}

describe('placing a live update', () => {
	it('keeps the selection on its row when rows arrive above it', () => {
		const placed = placeUpdate(windowOf(['a', 'b', 'c'], 1), {fresh: ['new', 'a', 'b', 'c'], start: 0, wanted: 4, added: 1}, id);
		assert.equal(placed.kind, 'placed');
		assert.equal(placed.kind === 'placed' && placed.window.rows[placed.window.selected], 'b');
		assert.equal(placed.kind === 'placed' && placed.window.total, 4);
	});

	it('moves a deleted selection to the next row still there', () => {
		const placed = placeUpdate(windowOf(['a', 'b', 'c'], 1), {fresh: ['a', 'c'], start: 0, wanted: 3, added: 0}, id);
		assert.equal(placed.kind === 'placed' && placed.window.rows[placed.window.selected], 'c');
		assert.equal(placed.kind === 'placed' && placed.window.total, 2, 'the list ends inside what was read');
	});

	it('counts the rows that arrived above a list scrolled away from the top', () => {
		const old = {...windowOf(['a', 'b', 'c', 'd', 'e'], 3, 2), height: 2};
		const placed = placeUpdate(old, {fresh: ['x', 'y', 'a', 'b', 'c', 'd', 'e'], start: 0, wanted: 7, added: 2}, id);
		assert.equal(placed.kind === 'placed' && placed.newAbove, 2);
		assert.equal(placed.kind === 'placed' && placed.window.top, 4, 'the rows on screen stay put');
	});

	it('says when nothing changed, and when no buffered row is left', () => {
		assert.deepEqual(placeUpdate(windowOf(['a', 'b'], 0), {fresh: ['a', 'b'], start: 0, wanted: 2, added: 0}, id), {kind: 'unchanged'});
		assert.deepEqual(placeUpdate(windowOf(['a', 'b'], 0), {fresh: ['c'], start: 0, wanted: 2, added: 1}, id), {kind: 'lost'});
	});
});
