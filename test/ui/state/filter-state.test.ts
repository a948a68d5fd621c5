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
	const press = (...keys: string[]) => pressEach((name, text) => filter.handleModalKey(context.modal.current as ModalOf<'filter'>, name, text), ...keys);
	return {...reading, context, filter, press};
}

const bodies = (rows: readonly {body: string}[]) => rows.map(row => row.body);

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
});
