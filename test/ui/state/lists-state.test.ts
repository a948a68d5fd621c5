import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {composePost} from '../../../source/store/posts.js';
import {readFirstFeedPage} from '../../../source/ui/state/lists-state.js';
import {migratedDatabase} from '../../helpers/database.js';
import {addPosts, addUser, readingSlices, sliceContext, until} from './slice-context.js';

const {database} = await migratedDatabase();
const alice = await addUser('alice');
await addPosts(alice.id, 5, index => `alice ${index + 1}`);

function makeLists() {
	const made = sliceContext(database);
	const reading = readingSlices(made.context);
	after(reading.dispose);
	return {...reading, ...made};
}

const loaded = (list: {window: {ready: boolean; counted: boolean}}) => list.window.ready && list.window.counted;

describe('the lists slice', () => {
	it('reads the Feed and Users, and follows the sort', async () => {
		const {lists} = makeLists();
		await until(() => loaded(lists.feed) && loaded(lists.users), 'both lists');
		assert.equal(lists.feed.window.total, 5);
		assert.equal(lists.users.window.total, 1);
		assert.equal(lists.feed.selected()?.body, 'alice 5');
		lists.setPostSort({field: 'timestamp', reverse: true});
		await until(() => loaded(lists.feed), 'the feed in its new order');
		assert.equal(lists.feed.selected()?.body, 'alice 1');
	});

	it('shows a post written here at the head of the feed', async () => {
		const {lists} = makeLists();
		await until(() => loaded(lists.feed), 'the feed');
		const post = await composePost(database, alice, 'fresh');
		lists.postAdded(post);
		await until(() => lists.feed.selected()?.body === 'fresh', 'the post selected at the head');
		assert.equal(lists.feed.window.total, 6, 'counted without a count');
	});

	it('follows posts written elsewhere, and a post deleted here', async () => {
		const {lists} = makeLists();
		await until(() => loaded(lists.feed), 'the feed');
		const before = lists.feed.window.total;
		await addPosts(alice.id, 1, () => 'from elsewhere');
		lists.updateAll();
		await until(() => lists.feed.window.total === before + 1, 'the new post counted');
		lists.feed.move('last');
		const last = lists.feed.selected()!;
		lists.postDeleted(last);
		await until(() => loaded(lists.feed), 'the feed read again');
		assert.notEqual(lists.feed.selected(), undefined, 'on a neighbour');
	});

	it('gives its rows to the SQL pane when it opens', async () => {
		const {lists, pane} = makeLists();
		const rows = lists.feed.window.height;
		pane.handleGlobalKey('`');
		assert.equal(lists.feed.window.height, rows - pane.paneRows());
	});

	it("reads the feed's first page before the app starts", async () => {
		const page = await readFirstFeedPage(database, 24);
		assert.ok(page && page.rows.length > 0 && page.limit >= page.rows.length);
	});
});
