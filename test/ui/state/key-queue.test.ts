import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {KeyPress} from '../../../source/ui/input/keys.js';
import {KeyQueue} from '../../../source/ui/state/key-queue.js';

/** A router over plain state: `loading` holds back j/k, `textMode` stands for an open modal taking text. */
function makeQueue() {
	const state = {loading: false, textMode: false, handled: [] as string[]};
	const queue: KeyQueue = new KeyQueue({
		splitsCommands: () => !state.textMode,
		mustWait: name => state.loading && (name === 'j' || name === 'k'),
		route: (press: KeyPress) => {
			state.handled.push(press.name);
			if (press.name === 'x') {
				queue.noEffect();
			} else if (press.name === 'enter') {
				queue.holdFrame();
			}
		},
		stopped: () => false,
	});
	return {state, queue: () => queue};
}

describe('the pending-key queue', () => {
	it('splits a chunk of command keys into one key each', () => {
		const {state, queue} = makeQueue();
		queue().run([{name: 'jjs', text: 'jjs'}]);
		assert.deepEqual(state.handled, ['j', 'j', 's']);
	});

	it('keeps a chunk of text whole while a modal takes text', () => {
		const {state, queue} = makeQueue();
		state.textMode = true;
		queue().run([{name: 'hello', text: 'hello'}]);
		assert.deepEqual(state.handled, ['hello']);
	});

	it('holds a key for a loading list, and the keys behind it, in the order typed', () => {
		const {state, queue} = makeQueue();
		state.loading = true;
		queue().run([{name: 's', text: 's'}, {name: 'j', text: 'j'}, {name: 'q', text: 'q'}]);
		assert.deepEqual(state.handled, ['s']);
		assert.equal(queue().waiting, true);
		state.loading = false;
		queue().drain();
		assert.deepEqual(state.handled, ['s', 'j', 'q']);
		assert.equal(queue().waiting, false);
	});

	it('drops the waiting keys when a list fails', () => {
		const {state, queue} = makeQueue();
		state.loading = true;
		queue().run([{name: 'j', text: 'j'}]);
		queue().clear();
		state.loading = false;
		queue().drain();
		assert.deepEqual(state.handled, []);
	});

	it('tells the root when a batch changed nothing or draws its frame later', () => {
		const {queue} = makeQueue();
		assert.deepEqual(queue().run([{name: 'x', text: 'x'}]), {frameHeld: false, noEffect: true});
		assert.deepEqual(queue().run([{name: 'x', text: 'x'}, {name: 'j', text: 'j'}]), {frameHeld: false, noEffect: false});
		assert.deepEqual(queue().run([{name: 'enter', text: ''}]), {frameHeld: true, noEffect: false});
	});
});
