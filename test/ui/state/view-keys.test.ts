import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {AccountsState} from '../../../source/ui/state/accounts-state.js';
import {DeleteState} from '../../../source/ui/state/delete-state.js';
import {FilterState} from '../../../source/ui/state/filter-state.js';
import type {ReadingView} from '../../../source/ui/state/view-keys.js';
import {ViewKeys} from '../../../source/ui/state/view-keys.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addPosts, addUser, fileState, pressEach, readingSlices, sliceContext, until} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');
const bob = await addUser('bob');
await addPosts(alice.id, 30, index => `alice ${index + 1}`);
await addPosts(bob.id, 1, () => 'bob 1');

function makeViews() {
	const {context} = sliceContext(database);
	const reading = readingSlices(context);
	after(reading.dispose);
	const file = fileState(context);
	const accounts = new AccountsState(context, file, {openCompose: () => undefined, registered: () => undefined});
	const deletes = new DeleteState(context, accounts, file, reading.navigation, {deleted: () => undefined});
	const filter = new FilterState(context, reading.lists);
	const views = new ViewKeys(context, reading.navigation, reading.lists, reading.profiles, deletes, filter);
	/** A key as the root routes it: false when the view leaves it to the global keys. */
	const taken: boolean[] = [];
	const press = (...keys: string[]) => pressEach(name => taken.push(views.handleKey(reading.navigation.view as ReadingView, name)), ...keys);
	return {...reading, context, views, press, taken};
}

describe('the reading views slice', () => {
	it('holds list and row keys while the list loads', async () => {
		const {views, lists} = makeViews();
		assert.equal(lists.feed.window.ready, false);
		assert.equal(views.mustWait('j'), true);
		assert.equal(views.mustWait('enter'), true);
		assert.equal(views.mustWait('c'), false);
		await until(() => lists.feed.window.ready && lists.feed.window.counted, 'the feed');
		assert.equal(views.mustWait('j'), false);
		assert.equal(views.mustWait('G'), false);
	});

	it('moves the selection, opens a post and its author', async () => {
		const {lists, navigation, press} = makeViews();
		await until(() => lists.feed.window.ready, 'the feed');
		assert.equal(lists.feed.selected()?.body, 'bob 1', 'newest first');
		press('j', 'j');
		assert.equal(lists.feed.selected()?.body, 'alice 29');
		press('enter');
		const view = navigation.view;
		assert.equal(view.kind === 'post' && view.post.body, 'alice 29');
		press('u');
		const profile = navigation.view;
		assert.equal(profile.kind === 'profile' && profile.userId, alice.id);
	});

	it('sorts with s and S, and opens the filter with /', async () => {
		const {lists, context, press, taken} = makeViews();
		await until(() => lists.feed.window.ready, 'the feed');
		press('s');
		assert.deepEqual(lists.feedSort, {field: 'username', reverse: false});
		press('S');
		assert.deepEqual(lists.feedSort, {field: 'username', reverse: true});
		// Issue 19: s switches the field and keeps the direction S chose (it used to drop it without a word).
		press('s');
		assert.deepEqual(lists.feedSort, {field: 'timestamp', reverse: true});
		press('S');
		assert.deepEqual(lists.feedSort, {field: 'timestamp', reverse: false});
		press('/');
		assert.deepEqual(context.modal.current, {kind: 'filter', text: ''});
		press('c', 'escape');
		assert.deepEqual(taken.slice(-2), [false, false], 'c, and Esc without a filter, are global keys');
	});

	it('opens a profile from Users, which says what its keys cannot do', async () => {
		const {lists, navigation, context, press} = makeViews();
		navigation.switchTo('users');
		await until(() => lists.users.window.ready, 'the users');
		press('d');
		assert.deepEqual(context.messages.current, {text: 'select a post first (Feed: 1)', tone: 'info'});
		press('s');
		assert.deepEqual(lists.usersSort, {field: 'latest', reverse: false});
		await until(() => lists.users.window.ready, 'the users in their new order');
		press('enter');
		const view = navigation.view;
		assert.equal(view.kind === 'profile' && view.userId, bob.id, 'the latest to post first');
	});

	it('in Users, u opens the selected user\'s profile and s keeps a reversed order (issue 19)', async () => {
		const {lists, navigation, context, press} = makeViews();
		navigation.switchTo('users');
		await until(() => lists.users.window.ready, 'the users');
		press('S');
		assert.deepEqual(lists.usersSort, {field: 'username', reverse: true});
		press('s');
		assert.deepEqual(lists.usersSort, {field: 'latest', reverse: true});
		await until(() => lists.users.window.ready && lists.users.selected() !== undefined, 'the users in their new order');
		const selected = lists.users.selected()!;
		press('u');
		const view = navigation.view;
		assert.equal(view.kind === 'profile' && view.userId, selected.id);
		assert.notEqual(context.messages.current?.text, 'select a post first (Feed: 1)');
	});
});
