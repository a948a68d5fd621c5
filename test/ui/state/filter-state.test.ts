import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {FilterState} from '../../../source/ui/state/filter-state.js';
import type {ModalOf} from '../../../source/ui/state/modal.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addPosts, addUser, pressEach, readingSlices, sliceContext, until} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');
const bob = await addUser('bob');
await addPosts(alice.id, 3, index => `alice ${index + 1}`);
await addPosts(bob.id, 2, index => `bob ${index + 1}`);

function makeFilter() {
	const {context} = sliceContext(database);
	const reading = readingSlices(context);
	after(reading.dispose);
	const filter = new FilterState(context, reading.lists);
	after(() => filter.dispose());
	const press = (...keys: string[]) => pressEach((name, text) => filter.handleModalKey(context.modal.current as ModalOf<'filter'>, name, text), ...keys);
	return {...reading, context, filter, press};
}

const bodies = (rows: readonly {body: string | null}[]) => rows.map(row => row.body);

describe('the filter slice', () => {
	it('filters the feed by author with Enter, and Esc clears it', async () => {
		const {filter, lists, context, press} = makeFilter();
		filter.open();
		press('@bob ', 'enter');
		assert.equal(context.modal.current, undefined);
		assert.equal(lists.feedFilterText, '@bob', 'trimmed');
		await until(() => lists.feed.window.ready && lists.feed.window.counted, 'the filtered feed');
		assert.deepEqual(bodies(lists.feed.window.rows), ['bob 2', 'bob 1']);
		filter.open();
		assert.deepEqual(context.modal.current, {kind: 'filter', text: '@bob'}, 'opens with the filter in force');
		press('escape');
		assert.equal(lists.feedFilterText, '');
		await until(() => lists.feed.window.ready && lists.feed.window.total === 5, 'the whole feed');
	});

	it("filters an open profile's posts by text", async () => {
		const {filter, lists, profiles, navigation, press} = makeFilter();
		profiles.open(alice.id);
		const entry = navigation.view;
		assert.equal(entry.kind, 'profile');
		filter.open();
		press('alice 22', 'backspace', 'enter');
		assert.equal(entry.kind === 'profile' && entry.filterText, 'alice 2');
		assert.equal(lists.feedFilterText, '', "the feed's filter is its own");
		await until(() => entry.kind === 'profile' && entry.list.window.ready && entry.list.window.counted, 'the filtered profile');
		assert.deepEqual(entry.kind === 'profile' && bodies(entry.list.window.rows), ['alice 2']);
	});

	it('applies the text as it is typed, without Enter, and keeps the prompt open (issue 19)', async () => {
		const {filter, lists, context, press} = makeFilter();
		filter.open();
		press('b', 'O', 'b', ' 2');
		await until(() => lists.feedFilterText === 'bOb 2', 'the filter applied after the debounce');
		assert.equal(context.modal.current?.kind, 'filter', 'the prompt is still open');
		await until(() => lists.feed.window.counted && lists.feed.window.total === 1, 'the filtered feed');
		assert.deepEqual(bodies(lists.feed.window.rows), ['bob 2']);
		press('escape');
		assert.equal(lists.feedFilterText, '');
	});

	it('offers the usernames an @ prefix completes to; Tab takes one and applies it; @nobody is no such user', async () => {
		const {filter, lists, press} = makeFilter();
		filter.open();
		press('@');
		await until(() => filter.completions.length === 2, 'both names offered');
		assert.deepEqual(filter.completions, ['alice', 'bob']);
		press('B');
		await until(() => filter.completions.length === 1, 'bob alone');
		press('tab');
		assert.equal(lists.feedFilterText, '@bob', 'applied at once');
		press('enter');
		filter.open();
		press('backspace', 'backspace', 'backspace', 'nobody', 'enter');
		assert.equal(lists.feedFilterText, '@nobody');
		await until(() => lists.noSuchUser === 'nobody', 'no such user');
	});
});
