import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {KeyQueue} from '../../../source/ui/state/key-queue.js';
import {Messages} from '../../../source/ui/state/messages.js';
import {ReadFailures} from '../../../source/ui/state/read-failures.js';
import {migratedDatabase} from '../../helpers/database.js';

const {database} = await migratedDatabase();

function makeReads() {
	const state = {failing: false, quiet: false, loading: true, frames: 0, handled: [] as string[]};
	const messages = new Messages();
	const keys = new KeyQueue({
		splitsCommands: () => true,
		mustWait: () => state.loading,
		route: press => state.handled.push(press.name),
		stopped: () => false,
	});
	const reads = new ReadFailures({
		database,
		messages,
		keys,
		changed: () => state.frames++,
		failing: () => state.failing,
		quiet: () => state.quiet,
	});
	return {reads, messages, keys, state};
}

describe('the read failures slice', () => {
	it('reports a failed read on the status line and drops the keys waiting for the list', () => {
		const {reads, messages, keys, state} = makeReads();
		keys.run([{name: 'j', text: 'j'}]);
		assert.equal(keys.waiting, true);
		reads.failed(new Error('disk I/O error\nat somewhere'));
		assert.deepEqual(messages.current, {text: 'error: disk I/O error', tone: 'error'});
		assert.equal(keys.waiting, false);
		assert.equal(state.frames, 1);
	});

	it('says nothing while the schema moves or the file is gone', () => {
		const {reads, messages, state} = makeReads();
		state.quiet = true;
		reads.failed(new Error('no such table: post'));
		assert.equal(messages.current, undefined);
		assert.equal(state.frames, 0);
	});

	it('takes the report away once every list reads again', () => {
		const {reads, messages, state} = makeReads();
		reads.failed(new Error('database is locked'));
		state.failing = true;
		assert.equal(reads.recovered(), false);
		assert.equal(messages.readFailing, true);
		state.failing = false;
		reads.listChanged(false);
		assert.equal(messages.current, undefined);
		assert.equal(state.frames, 2, 'a frame without the report');
	});

	it('runs the keys that waited once their list loaded', () => {
		const {reads, keys, state} = makeReads();
		keys.run([{name: 'jk', text: 'jk'}]);
		assert.deepEqual(state.handled, []);
		state.loading = false;
		reads.listChanged(false);
		assert.deepEqual(state.handled, ['j', 'k']);
		assert.equal(state.frames, 1);
	});
});
