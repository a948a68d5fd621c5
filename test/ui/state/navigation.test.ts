import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Navigation} from '../../../source/ui/state/navigation.js';
import type {ViewEntry} from '../../../source/ui/state/navigation.js';
import {pressEach} from './slice-context.js';

function makeNavigation() {
	const seen = {left: [] as ViewEntry[], quits: 0};
	const navigation = new Navigation({left: entry => seen.left.push(entry), quit: () => seen.quits++});
	const press = (...keys: string[]) => pressEach(name => navigation.handleGlobalKey(name), ...keys);
	return {navigation, seen, press};
}

const post = {id: 1, body: 'hello', timestamp: new Date(0), timeKey: '1970-01-01 00:00:00.000', userId: 1, username: 'alice'} as const;

describe('the navigation slice', () => {
	it('starts on the Feed and switches tabs with Tab, 1 and 2', () => {
		const {navigation, press} = makeNavigation();
		assert.equal(navigation.view.kind, 'feed');
		press('tab');
		assert.equal(navigation.tab, 'users');
		press('backtab');
		assert.equal(navigation.tab, 'feed');
		press('2');
		assert.deepEqual(navigation.stack, [{kind: 'users'}]);
		press('1');
		assert.deepEqual(navigation.stack, [{kind: 'feed'}]);
	});

	it('goes back one view with Esc or q, and tells who opened it', () => {
		const {navigation, seen, press} = makeNavigation();
		const entry: ViewEntry = {kind: 'post', post};
		navigation.push(entry);
		assert.equal(navigation.view, entry);
		assert.equal(navigation.isOpen(entry), true);
		press('escape');
		assert.equal(navigation.view.kind, 'feed');
		assert.deepEqual(seen.left, [entry]);
		assert.equal(navigation.isOpen(entry), false);
		assert.equal(seen.quits, 0);
	});

	it('quits with q on a tab, not with Esc', () => {
		const {seen, press} = makeNavigation();
		press('escape');
		assert.equal(seen.quits, 0);
		press('q');
		assert.equal(seen.quits, 1);
	});

	it('lets go of every open view when a tab is chosen', () => {
		const {navigation, seen, press} = makeNavigation();
		navigation.push({kind: 'post', post});
		navigation.push({kind: 'post', post: {...post, id: 2}});
		press('2');
		assert.equal(seen.left.length, 2);
		assert.deepEqual(navigation.stack, [{kind: 'users'}]);
	});

	it('leaves other keys to the other slices', () => {
		const {navigation} = makeNavigation();
		assert.equal(navigation.handleGlobalKey('c'), false);
		assert.equal(navigation.handleGlobalKey('?'), false);
	});
});
