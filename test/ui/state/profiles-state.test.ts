import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import type {ProfileEntry} from '../../../source/ui/state/profiles-state.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addPosts, addUser, readingSlices, sliceContext, until} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');
await addPosts(alice.id, 4, index => `alice ${index + 1}`);

function makeProfiles() {
	const made = sliceContext(database);
	const reading = readingSlices(made.context);
	after(reading.dispose);
	return {...reading, ...made};
}

describe('the profiles slice', () => {
	it('opens a profile: its header and its posts', async () => {
		const {profiles, navigation, seen} = makeProfiles();
		profiles.open(alice.id);
		const entry = navigation.view as ProfileEntry;
		assert.equal(entry.kind, 'profile');
		await until(() => entry.profile && entry.list.window.ready && entry.list.window.counted, 'the profile');
		assert.equal(entry.profile?.username, 'alice');
		assert.equal(entry.list.window.total, 4);
		assert.ok(seen.frames > 0, 'a frame for the header');
		assert.equal(profiles.failing, false);
	});

	it('sorts its posts on their own', async () => {
		const {profiles, navigation, lists} = makeProfiles();
		profiles.open(alice.id);
		const entry = navigation.view as ProfileEntry;
		lists.setPostSort({field: 'timestamp', reverse: true});
		assert.deepEqual(entry.sort, {field: 'timestamp', reverse: true});
		assert.equal(lists.feedSort.reverse, false);
		await until(() => entry.list.window.ready && entry.list.selected(), 'the posts in their new order');
		assert.equal(entry.list.selected()?.body, 'alice 1');
	});

	it('reads a missing user as null, and lets go of the profile when it is left', async () => {
		const {profiles, navigation, left} = makeProfiles();
		profiles.open(999_999);
		const entry = navigation.view as ProfileEntry;
		await until(() => entry.profile === null, 'the header read');
		navigation.pop();
		assert.deepEqual(left, [entry]);
		assert.equal(navigation.view.kind, 'feed');
	});
});
