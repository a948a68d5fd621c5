// runs once: no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ListController} from '../../source/ui/list/list-controller.js';
import type {ListSource} from '../../source/ui/list/list-source.js';
import {waitFor} from '../helpers/tui.js';

type Row = {readonly id: number};

/** A list of `size` rows whose every read fails while `down` is true, as reads do while a server is down. */
function flakySource(size: number) {
	const ids = Array.from({length: size}, (_, index) => index + 1);
	const state = {down: true, reads: 0};
	const read = async <T>(value: () => T): Promise<T> => {
		state.reads++;
		if (state.down) {
			throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
		}
		return value();
	};
	const copy = (list: number[]): Row[] => list.map(id => ({id}));
	const source: ListSource<Row> = {
		first: async limit => read(() => copy(ids.slice(0, limit))),
		last: async limit => read(() => copy(ids.slice(-limit))),
		after: async (row, limit) => read(() => copy(ids.slice(ids.indexOf(row.id) + 1, ids.indexOf(row.id) + 1 + limit))),
		before: async (row, limit) => read(() => copy(ids.slice(Math.max(0, ids.indexOf(row.id) - limit), ids.indexOf(row.id)))),
		count: async () => read(() => ids.length),
		position: async row => read(() => ids.indexOf(row.id)),
		id: row => row.id,
	};
	return {source, state};
}

describe('a list whose load fails', () => {
	it('reports why, and tries again by itself, backing off, until it loads', async () => {
		const {source, state} = flakySource(50);
		const errors: unknown[] = [];
		const controller = new ListController(source, 10, () => undefined, error => errors.push(error));
		try {
			await waitFor(() => errors.length >= 1, {what: 'the failure reported'});
			assert.match(String(errors[0]), /ECONNREFUSED/);
			assert.equal(controller.window.ready, false);
			assert.equal(controller.failing, true);
			await waitFor(() => errors.length >= 3, {timeout: 5000, what: 'two retries'});
			const readsWhileDown = state.reads;
			state.down = false;
			await waitFor(() => controller.window.ready && controller.window.counted, {timeout: 5000, what: 'the list loaded'});
			assert.equal(controller.window.total, 50);
			assert.equal(controller.failing, false);
			assert.ok(readsWhileDown < 12, `backing off, not spinning: ${readsWhileDown} reads`);
		} finally {
			controller.dispose();
		}
	});

	it('tries again at once on the next live update, without waiting for its timer', async () => {
		const {source, state} = flakySource(50);
		let failures = 0;
		const controller = new ListController(source, 10, () => undefined, () => failures++);
		try {
			await waitFor(() => failures >= 1, {what: 'the failure reported'});
			state.down = false;
			const asked = performance.now();
			controller.update();
			await waitFor(() => controller.window.ready, {timeout: 5000, what: 'the list loaded'});
			assert.ok(performance.now() - asked < 200, `loaded on the update, not the timer (${Math.round(performance.now() - asked)} ms)`);
		} finally {
			controller.dispose();
		}
	});

	it('a list that loaded, then failed to read on, is read again around its selection once reads work', async () => {
		const {source, state} = flakySource(500);
		state.down = false;
		let failures = 0;
		const controller = new ListController(source, 10, () => undefined, () => failures++);
		try {
			await waitFor(() => controller.window.ready && controller.window.counted, {what: 'loaded'});
			state.down = true;
			for (let page = 0; page < 5; page++) {
				controller.move('page-down');
			}
			await waitFor(() => failures >= 1, {what: 'the failed read reported'});
			state.down = false;
			await waitFor(() => controller.selected()?.id === 51 && !controller.failing, {timeout: 5000, what: 'the rows under the selection read'});
		} finally {
			controller.dispose();
		}
	});

	it('stops trying once disposed', async () => {
		const {source, state} = flakySource(50);
		let failures = 0;
		const controller = new ListController(source, 10, () => undefined, () => failures++);
		await waitFor(() => failures >= 1, {what: 'the failure reported'});
		controller.dispose();
		const reads = state.reads;
		await new Promise(resolve => setTimeout(resolve, 1500));
		assert.equal(state.reads, reads);
	});
});
