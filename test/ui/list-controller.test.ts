// runs once
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ListController} from '../../source/ui/list/list-controller.js';
import type {ListSource} from '../../source/ui/list/list-source.js';

type Row = {readonly id: number};

/**
 * A list of rows by id, read as the database would: every read returns new
 * objects. `hold(skip)` makes a count wait until released (the next one, or
 * the one after `skip` more), so a test can press keys while a read is out.
 */
function arraySource(size: number) {
	const ids = Array.from({length: size}, (_, index) => index + 1);
	const copy = (list: number[]): Row[] => list.map(id => ({id}));
	let held: {release: () => void; promise: Promise<void>; skip: number} | undefined;
	let counts = 0;
	let counting: (() => void) | undefined;
	const counted = new Promise<void>(resolve => {
		counting = resolve;
	});
	const source: ListSource<Row> = {
		first: async limit => copy(ids.slice(0, limit)),
		last: async limit => copy(ids.slice(-limit)),
		after: async (row, limit) => copy(ids.slice(ids.indexOf(row.id) + 1, ids.indexOf(row.id) + 1 + limit)),
		before: async (row, limit) => copy(ids.slice(Math.max(0, ids.indexOf(row.id) - limit), ids.indexOf(row.id))),
		async count() {
			counts++;
			if (held && held.skip > 0) {
				held.skip--;
				return ids.length;
			}
			const gate = held;
			held = undefined;
			if (gate) {
				counting?.();
				await gate.promise;
			}
			return ids.length;
		},
		position: async row => ids.indexOf(row.id),
		id: row => row.id,
	};
	return {
		source,
		/** The list itself: a test adds rows to it as another program would. */
		ids,
		/** How many times the list has been counted. */
		counts: () => counts,
		hold(skip = 0) {
			let release = () => undefined as void;
			const promise = new Promise<void>(resolve => {
				release = resolve;
			});
			held = {release, promise, skip};
			return {release, counting: counted};
		},
	};
}

async function settled(): Promise<void> {
	for (let turn = 0; turn < 20; turn++) {
		await new Promise(resolve => setImmediate(resolve));
	}
}

describe('list controller', () => {
	it('keeps the keys pressed while a live update is reading (the update places the current selection)', async () => {
		const {source, hold} = arraySource(100);
		const controller = new ListController(source, 10, () => undefined, error => assert.fail(String(error)));
		await settled();
		assert.ok(controller.window.ready && controller.window.counted, 'loaded and counted');
		// An update that finds nothing changed counts the list again; the user presses j meanwhile.
		const gate = hold();
		controller.update();
		await gate.counting;
		controller.move('down');
		controller.move('down');
		controller.move('down');
		assert.equal(controller.window.selected, 3);
		gate.release();
		await settled();
		assert.equal(controller.window.selected, 3, 'the selection stays where the keys put it');
		controller.dispose();
	});

	it('asks for a frame only when the screen changes: not for rows fetched into the margin', async () => {
		const {source} = arraySource(1000);
		const calls: boolean[] = [];
		const controller = new ListController(source, 10, visible => calls.push(visible), error => assert.fail(String(error)));
		await settled();
		assert.ok(controller.window.ready && controller.window.counted);
		calls.length = 0;
		// A page down shows rows already fetched, then fetches the margin below them.
		controller.move('page-down');
		await settled();
		assert.equal(calls[0], true, 'the move itself is drawn');
		assert.ok(calls.length > 1, 'the margin was fetched after the move');
		assert.deepEqual(calls.slice(1), calls.slice(1).map(() => false), 'fetching the margin draws nothing');
		assert.ok(controller.window.start + controller.window.rows.length >= controller.window.top + 20, `a page of margin below the window: ${JSON.stringify({...controller.window, rows: controller.window.rows.length, calls})}`);
		controller.dispose();
	});

	it('shows a first page read ahead at once, before any read, then checks it against the list and counts', async () => {
		const {source} = arraySource(100);
		const changes: boolean[] = [];
		const rows = Array.from({length: 20}, (_, index) => ({id: index + 1}));
		const controller = new ListController(source, 10, visible => changes.push(visible), error => assert.fail(String(error)), {limit: 20, rows});
		assert.ok(controller.window.ready, 'ready when constructed');
		assert.deepEqual(controller.window.rows.map(row => row.id), rows.map(row => row.id));
		assert.equal(controller.selected()?.id, 1);
		assert.equal(controller.window.counted, false, 'a full page: the list may be longer');
		assert.deepEqual(changes, [], 'nothing to report while the list is built');
		await settled();
		assert.ok(controller.window.counted);
		assert.equal(controller.window.total, 100);
		assert.equal(controller.selected()?.id, 1);
		controller.dispose();
	});

	it('rows written after the page was read ahead, before the list existed, are shown on top and counted once', async () => {
		const {source, ids} = arraySource(100);
		const rows = Array.from({length: 20}, (_, index) => ({id: index + 1}));
		// Another program writes two rows between the read ahead and the list (which a live update would not report:
		// the watch starts with the list).
		ids.unshift(102, 101);
		const controller = new ListController(source, 10, () => undefined, error => assert.fail(String(error)), {limit: 20, rows});
		await settled();
		assert.deepEqual(controller.window.rows.slice(0, 3).map(row => row.id), [102, 101, 1]);
		assert.equal(controller.window.total, 102);
		// A later update that finds nothing new keeps the total.
		controller.update();
		await settled();
		assert.equal(controller.window.total, 102);
		ids.unshift(103);
		controller.update();
		await settled();
		assert.equal(controller.window.total, 103);
		controller.dispose();
	});

	it('counts a first page read ahead once, and keys pressed while it counts stay', async () => {
		const {source, hold, counts} = arraySource(100);
		const rows = Array.from({length: 20}, (_, index) => ({id: index + 1}));
		const gate = hold();
		const controller = new ListController(source, 10, () => undefined, error => assert.fail(String(error)), {limit: 20, rows});
		await gate.counting;
		controller.move('down');
		controller.move('down');
		controller.move('down');
		// Were the page's own length taken for a stale total, a second count would follow, then a re-read around the
		// row selected when it began: hold that count too, and press keys while it is out.
		const second = hold();
		gate.release();
		await settled();
		controller.move('down');
		controller.move('down');
		second.release();
		await settled();
		assert.equal(counts(), 1, 'counted once');
		assert.equal(controller.window.total, 100);
		assert.equal(controller.selected()?.id, 6, 'five presses of j, all kept');
		controller.dispose();
	});

	it('keeps the keys pressed while a re-read around the selection is out', async () => {
		const {source, ids, hold} = arraySource(100);
		const controller = new ListController(source, 10, () => undefined, error => assert.fail(String(error)));
		await settled();
		controller.move('down');
		// A row added deep in the list, out of sight: the update counts, finds the total off, and re-reads around the
		// selected row, counting again. The keys are pressed while that second count is out.
		ids.push(101);
		const gate = hold(1);
		controller.update();
		await gate.counting;
		controller.move('down');
		controller.move('down');
		controller.move('down');
		gate.release();
		await settled();
		assert.equal(controller.window.total, 101);
		assert.equal(controller.selected()?.id, 5, 'the presses made during the re-read are kept');
		controller.dispose();
	});

	it('reads its first page itself when the one read ahead is shorter than its height needs', async () => {
		const {source} = arraySource(100);
		const firsts: number[] = [];
		const counting = {...source, first: async (limit: number) => (firsts.push(limit), source.first(limit))};
		const controller = new ListController(counting, 10, () => undefined, error => assert.fail(String(error)), {limit: 10, rows: Array.from({length: 10}, (_, index) => ({id: index + 1}))});
		assert.equal(controller.window.ready, false);
		await settled();
		assert.deepEqual(firsts, [20]);
		assert.equal(controller.window.rows.length >= 20, true);
		assert.equal(controller.window.total, 100);
		controller.dispose();
	});

	it('a page read ahead that holds the whole list gives its total at once', async () => {
		const {source} = arraySource(5);
		const controller = new ListController(source, 10, () => undefined, error => assert.fail(String(error)), {limit: 20, rows: Array.from({length: 5}, (_, index) => ({id: index + 1}))});
		assert.ok(controller.window.ready && controller.window.counted, 'counted without a count');
		assert.equal(controller.window.total, 5);
		await settled();
		assert.equal(controller.window.total, 5);
		assert.equal(controller.window.rows.length, 5);
		controller.dispose();
	});
});

describe('a list whose filter is typed on (issue 19)', () => {
	/** Rows `ids`, whose first page waits for `gate` (a slow query), counted at once. */
	function gatedSource(ids: number[], gate?: Promise<void>) {
		const reads = {first: 0, count: 0};
		const source: ListSource<Row> = {
			async first(limit) {
				reads.first++;
				await gate;
				return ids.slice(0, limit).map(id => ({id}));
			},
			last: async limit => ids.slice(-limit).map(id => ({id})),
			after: async (row, limit) => ids.slice(ids.indexOf(row.id) + 1, ids.indexOf(row.id) + 1 + limit).map(id => ({id})),
			before: async (row, limit) => ids.slice(Math.max(0, ids.indexOf(row.id) - limit), ids.indexOf(row.id)).map(id => ({id})),
			async count() {
				reads.count++;
				return ids.length;
			},
			position: async row => ids.indexOf(row.id),
			id: row => row.id,
		};
		return {source, reads};
	}

	it('drops the answer of a slow query for `ca` once `caf` is asked, and never runs what was queued for `c`', async () => {
		const all = gatedSource(Array.from({length: 50}, (_, index) => index + 1));
		const list = new ListController(all.source, 5, () => undefined, error => assert.fail(String(error)));
		await waitUntil(() => list.window.counted);
		let release = () => undefined as void;
		const slow = gatedSource([2, 12, 22, 32], new Promise<void>(resolve => (release = resolve)));
		const queued = gatedSource([1, 2, 3]);
		const fast = gatedSource([12, 32]);
		list.setSource(slow.source);
		await waitUntil(() => slow.reads.first === 1);
		// `ca` is being read; a source set and replaced before its turn comes reads nothing, not even with the newest source.
		list.setSource(queued.source);
		list.setSource(fast.source);
		release();
		await waitUntil(() => list.window.counted && list.window.total === 2);
		assert.deepEqual(list.window.rows.map(row => row.id), [12, 32], "caf's rows, not ca's");
		assert.equal(queued.reads.first + queued.reads.count, 0, 'the source replaced while waiting read nothing');
		assert.equal(slow.reads.count, 0, "ca's list was not counted once caf was asked");
		assert.equal(fast.reads.first, 1, "caf's first page read once, not again for each source it replaced");
		list.dispose();
	});

	it('keeps the selected row selected when the new source holds it', async () => {
		const all = gatedSource(Array.from({length: 50}, (_, index) => index + 1));
		const list = new ListController(all.source, 5, () => undefined, error => assert.fail(String(error)));
		await waitUntil(() => list.window.counted);
		list.move('down');
		list.move('down');
		const selected = list.selected()!;
		assert.equal(selected.id, 3);
		list.setSource(gatedSource([1, 3, 5, 7, 9, 11]).source, selected);
		await waitUntil(() => list.window.total === 6);
		assert.equal(list.selected()?.id, 3);
		assert.equal(list.window.selected, 1);
		list.dispose();
	});
});

async function waitUntil(check: () => boolean): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > 10_000) {
			throw new Error('timed out');
		}
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}
