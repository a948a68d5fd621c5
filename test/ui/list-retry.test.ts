// runs once: no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ListController} from '../../source/ui/list/list-controller.js';
import type {ListSource} from '../../source/ui/list/list-source.js';
import {waitFor} from '../helpers/tui.js';

type Row = {readonly id: number};

/**
 * A list of `size` rows whose every read fails while `down` is true, as reads do while a server is down; each read
 * takes `latencyMs` (a round trip). `reads` counts the reads begun, `inFlight` those not answered yet.
 */
function flakySource(size: number, latencyMs = 0) {
	const ids = Array.from({length: size}, (_, index) => index + 1);
	const state = {down: true, reads: 0, inFlight: 0, maxInFlight: 0};
	const read = async <T>(value: () => T): Promise<T> => {
		state.reads++;
		state.inFlight++;
		state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
		try {
			if (latencyMs > 0) {
				await new Promise(resolve => setTimeout(resolve, latencyMs));
			}
			if (state.down) {
				throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
			}
			return value();
		} finally {
			state.inFlight--;
		}
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

	/**
	 * A busy writer elsewhere sends a live update every few ms (PostgreSQL notifies each commit) while the list's
	 * reads fail: each update used to queue a retry of its own (a list never shown: a reload that also discarded the
	 * read in flight; a shown one: four queries around the selection), so the queue grew faster than the reads drained
	 * it, and once reads worked again the list answered only after the whole backlog (measured: 101 reads queued by
	 * 100 updates in 1 s, loaded 3.1 s after the database was back, for ~60 ms of reads).
	 */
	async function burstOfUpdates(controller: ListController<Row>, count: number, spanMs: number): Promise<void> {
		for (let sent = 0; sent < count; sent++) {
			controller.update();
			// Pacing the burst, not waiting for a result.
			await new Promise(resolve => setTimeout(resolve, spanMs / count));
		}
	}

	it('a burst of updates while a never-shown list fails: one retry at a time, and loaded moments after reads work', async () => {
		const latencyMs = 30;
		const {source, state} = flakySource(50, latencyMs);
		let failures = 0;
		const controller = new ListController(source, 10, () => undefined, () => failures++);
		try {
			await waitFor(() => failures >= 1, {what: 'the failure reported'});
			const readsBefore = state.reads;
			const started = performance.now();
			await burstOfUpdates(controller, 100, 1000);
			const burstMs = performance.now() - started;
			const reads = state.reads - readsBefore;
			// One read at a time, back to back at most (a follow-up for the signals that came meanwhile), never one per update.
			assert.equal(state.maxInFlight, 1, 'one read in flight at a time');
			assert.ok(reads <= Math.ceil(burstMs / latencyMs) + 2, `${reads} reads for 100 updates in ${Math.round(burstMs)} ms`);
			state.down = false;
			const back = performance.now();
			controller.update();
			await waitFor(() => controller.window.ready && controller.window.counted, {timeout: 5000, what: 'the list loaded'});
			const loadedMs = performance.now() - back;
			// Reads are 30 ms: what is left of one retry, then the follow-up's page and count. No backlog.
			assert.ok(loadedMs < 1000, `loaded ${Math.round(loadedMs)} ms after reads work`);
			assert.equal(controller.window.total, 50);
			assert.equal(controller.failing, false);
		} finally {
			controller.dispose();
		}
	});

	it('a burst of updates while a shown list fails: its reads around the selection are not queued once per update', async () => {
		const latencyMs = 30;
		const {source, state} = flakySource(500, latencyMs);
		state.down = false;
		let failures = 0;
		const controller = new ListController(source, 10, () => undefined, () => failures++);
		try {
			await waitFor(() => controller.window.ready && controller.window.counted, {what: 'loaded'});
			controller.move('page-down');
			await waitFor(() => controller.selected()?.id === 11, {what: 'a page down'});
			state.down = true;
			// A live update whose reads fail: the rows on screen stay, and the list is read around its selection once reads work.
			controller.update();
			await waitFor(() => failures >= 1, {what: 'the failed read reported'});
			assert.equal(controller.selected()?.id, 11);
			await waitFor(() => state.inFlight === 0, {what: 'the failed read answered'});
			state.maxInFlight = 0;
			const readsBefore = state.reads;
			const started = performance.now();
			await burstOfUpdates(controller, 100, 1000);
			const burstMs = performance.now() - started;
			const reads = state.reads - readsBefore;
			// A read around the selection is four queries at once (position, before, after, count): one such read at a time.
			assert.ok(state.maxInFlight <= 4, `${state.maxInFlight} reads in flight at once`);
			assert.ok(reads <= 4 * (Math.ceil(burstMs / latencyMs) + 2), `${reads} reads for 100 updates in ${Math.round(burstMs)} ms`);
			// No backlog behind the burst: what is left is the retry in flight and at most one follow-up (the timer's
			// next retry is seconds away after so many failures). Queued per update, reads went on for seconds.
			const readsAfterBurst = state.reads;
			await new Promise(resolve => setTimeout(resolve, 500));
			assert.ok(state.reads - readsAfterBurst <= 8, `${state.reads - readsAfterBurst} reads in the 500 ms after the burst`);
			state.down = false;
			const back = performance.now();
			controller.update();
			await waitFor(() => !controller.failing, {timeout: 5000, what: 'the list read again'});
			const loadedMs = performance.now() - back;
			assert.ok(loadedMs < 1000, `read again ${Math.round(loadedMs)} ms after reads work`);
			assert.equal(controller.window.total, 500);
			assert.equal(controller.selected()?.id, 11, 'the selection kept');
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
