// The adopted tutorial database's looser rows (loose-rows.ts) in every page, count and position the lists read:
// every post and user once, in one defined order, forwards and backwards, one row at a time.
// Order: an undated post sorts as older than every dated one (newest first: after them, by id); sorting by author,
// named authors A→Z, then user ids with no name or no user (by id), then posts with no user_id; each reverse is the
// exact mirror.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {countPosts} from '../../source/store/feed-pages.js';
import type {PostFilter, PostRow, PostSort} from '../../source/store/feed-pages.js';
import {postPage} from '../../source/store/feed-query.js';
import {postsBefore, usersBefore} from '../../source/store/list-position.js';
import {countUsers, findUser, userPage, usernamesStartingWith} from '../../source/store/users-query.js';
import type {UserRow, UserSort} from '../../source/store/users-query.js';
import {testEngine} from '../helpers/engine.js';
import {looseTutorialDatabase} from './loose-rows.js';

// Made at the top level: the temp dir (or PostgreSQL database) it registers for removal lives until the file ends.
const made = await looseTutorialDatabase();

describe(`an adopted tutorial database's looser rows in pages and positions (${testEngine})`, () => {
	let database: Database;

	before(async () => {
		database = await openDatabase(resolveDatabase(made.location), {mode: 'existing'});
	});

	after(async () => database?.close());

	async function walkPosts(sort: PostSort, filter: PostFilter = {}): Promise<{forwards: PostRow[]; backwards: PostRow[]}> {
		const forwards: PostRow[] = [];
		for (let page = await postPage(database, {sort, filter, limit: 1}); page.length > 0; ) {
			forwards.push(...page);
			assert.ok(forwards.length <= made.postIds.length + 1, `paging ${JSON.stringify(sort)} repeats: ${forwards.map(row => row.id).join(',')}`);
			page = await postPage(database, {sort, filter, after: page.at(-1)!, limit: 1});
		}
		const backwards: PostRow[] = [];
		for (let page = [forwards.at(-1)!]; page.length > 0; ) {
			backwards.unshift(...page);
			assert.ok(backwards.length <= made.postIds.length + 1, 'paging backwards repeats');
			page = await postPage(database, {sort, filter, before: page[0]!, limit: 1});
		}
		return {forwards, backwards};
	}

	const sorts: PostSort[] = [
		{field: 'timestamp', reverse: false},
		{field: 'timestamp', reverse: true},
		{field: 'username', reverse: false},
		{field: 'username', reverse: true},
	];

	it('the feed pages through every post once, in each sort, and the positions count the same order', async () => {
		const orders = new Map<string, number[]>();
		for (const sort of sorts) {
			const {forwards, backwards} = await walkPosts(sort);
			const ids = forwards.map(row => row.id);
			assert.deepEqual([...ids].sort((a, b) => a - b), made.postIds, `${JSON.stringify(sort)}: ${ids.join(',')}`);
			assert.deepEqual(backwards.map(row => row.id), ids, `${JSON.stringify(sort)} read backwards`);
			for (const [index, row] of forwards.entries()) {
				assert.equal(await postsBefore(database, {sort, cursor: row}), index, `position of post ${row.id} in ${JSON.stringify(sort)}`);
			}
			orders.set(JSON.stringify(sort), ids);
		}
		const newest = orders.get(JSON.stringify(sorts[0]))!;
		assert.deepEqual(orders.get(JSON.stringify(sorts[1])), [...newest].reverse());
		// Undated posts come after every dated one, the newer id first.
		assert.deepEqual(newest.slice(-2), [made.ids.secondUndatedPost, made.ids.undatedPost]);
		const byAuthor = orders.get(JSON.stringify(sorts[2]))!;
		assert.deepEqual(orders.get(JSON.stringify(sorts[3])), [...byAuthor].reverse());
		// After the named authors: the nameless user's post (user 5) and the posts whose user_id names no user (15, 999),
		// by user id, then the posts with no user_id, newest first (the undated last).
		const missing = made.ids.orphanPost === undefined ? [] : [made.ids.gapOrphanPost!, made.ids.orphanPost];
		const tail = [made.ids.namelessUsersPost, ...missing, made.ids.authorlessPost, made.ids.secondUndatedPost];
		assert.deepEqual(byAuthor.slice(-tail.length), tail);
		assert.equal(await countPosts(database), made.postIds.length);
	});

	it('rows carry NULL as NULL: no body, no time, no author, no name', async () => {
		const {forwards} = await walkPosts(sorts[0]!);
		const byId = new Map(forwards.map(row => [row.id, row]));
		assert.equal(byId.get(made.posts.find(post => post.body === null)!.id)!.body, null);
		assert.equal(byId.get(made.ids.undatedPost)!.timeKey, null);
		assert.ok(Number.isNaN(byId.get(made.ids.undatedPost)!.timestamp.getTime()));
		assert.equal(byId.get(made.ids.authorlessPost)!.userId, null);
		assert.equal(byId.get(made.ids.authorlessPost)!.username, null);
		assert.equal(byId.get(made.ids.namelessUsersPost)!.username, null);
		assert.equal(byId.get(made.ids.namelessUsersPost)!.userId, made.ids.namelessUser);
		if (made.ids.orphanPost !== undefined) {
			assert.equal(byId.get(made.ids.orphanPost)!.userId, 999);
			assert.equal(byId.get(made.ids.orphanPost)!.username, null);
			assert.equal(byId.get(made.ids.orphanPost)!.authorMissing, true);
		}
		assert.equal(byId.get(made.ids.namelessUsersPost)!.authorMissing ?? false, false);
	});

	it('a text filter never matches a NULL body, and pages and positions agree with it', async () => {
		for (const sort of sorts) {
			const {forwards} = await walkPosts(sort, {text: 'post'});
			const ids = forwards.map(row => row.id).sort((a, b) => a - b);
			assert.ok(!ids.includes(made.posts.find(post => post.body === null)!.id));
			assert.ok(ids.includes(made.ids.undatedPost) && ids.includes(made.ids.authorlessPost), ids.join(','));
			for (const [index, row] of forwards.entries()) {
				assert.equal(await postsBefore(database, {sort, filter: {text: 'post'}, cursor: row}), index);
			}
			assert.equal(await countPosts(database, {text: 'post'}), forwards.length);
		}
	});

	it("a nameless user's profile lists their posts; @ of a name never reaches them", async () => {
		const {forwards} = await walkPosts(sorts[0]!, {userId: made.ids.namelessUser});
		assert.deepEqual(forwards.map(row => row.id), [made.ids.namelessUsersPost]);
		const profile = await findUser(database, made.ids.namelessUser);
		assert.equal(profile?.username, null);
		assert.equal(profile?.email, null);
		assert.equal(profile?.postCount, 1);
		const susan = await walkPosts(sorts[0]!, {author: 'susan'});
		assert.ok(susan.forwards.some(row => row.id === made.ids.undatedPost), 'susan\'s undated post is in @susan');
		assert.deepEqual((await postPage(database, {filter: {author: 'null'}, limit: 5})).length, 0);
		assert.deepEqual((await postPage(database, {filter: {author: ''}, limit: 5})).length, 0);
		assert.ok(!(await usernamesStartingWith(database, '', 20)).includes(null as unknown as string));
	});

	it('Users pages through every user once in both sorts, nameless users after the named', async () => {
		const userSorts: UserSort[] = [
			{field: 'username', reverse: false},
			{field: 'username', reverse: true},
			{field: 'latest', reverse: false},
			{field: 'latest', reverse: true},
		];
		const total = await countUsers(database);
		const orders = new Map<string, number[]>();
		for (const sort of userSorts) {
			const rows: UserRow[] = [];
			for (let page = await userPage(database, {sort, limit: 1}); page.length > 0; ) {
				rows.push(...page);
				assert.ok(rows.length <= total + 1, `users ${JSON.stringify(sort)} repeat: ${rows.map(row => row.id).join(',')}`);
				page = await userPage(database, {sort, after: page.at(-1)!, limit: 1});
			}
			assert.equal(rows.length, total, `${JSON.stringify(sort)}: ${rows.map(row => row.id).join(',')}`);
			assert.equal(new Set(rows.map(row => row.id)).size, total);
			const back: UserRow[] = [];
			for (let page = [rows.at(-1)!]; page.length > 0; page = await userPage(database, {sort, before: page[0]!, limit: 1})) {
				back.unshift(...page);
				assert.ok(back.length <= total + 1);
			}
			assert.deepEqual(back.map(row => row.id), rows.map(row => row.id), `${JSON.stringify(sort)} backwards`);
			for (const [index, row] of rows.entries()) {
				assert.equal(await usersBefore(database, {sort, cursor: row}), index, `position of user ${row.id} in ${JSON.stringify(sort)}`);
			}
			orders.set(JSON.stringify(sort), rows.map(row => row.id));
		}
		const byName = orders.get(JSON.stringify(userSorts[0]))!;
		assert.equal(byName.at(-1), made.ids.namelessUser);
		assert.deepEqual(orders.get(JSON.stringify(userSorts[1])), [...byName].reverse());
		assert.deepEqual(orders.get(JSON.stringify(userSorts[3])), [...orders.get(JSON.stringify(userSorts[2]))!].reverse());
		const {forwards} = await walkPosts(sorts[0]!, {userId: made.users.find(user => user.username === 'susan')!.id});
		assert.ok(forwards.some(row => row.id === made.ids.undatedPost));
	});
});
