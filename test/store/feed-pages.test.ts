import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {Post, User} from '../../source/db/models/index.js';
import {timeKeyOf} from '../../source/db/stored-time.js';
import {postPage} from '../../source/store/feed-query.js';
import type {PostFilter, PostRow, PostSort} from '../../source/store/feed-pages.js';
import {postsBefore} from '../../source/store/list-position.js';
import {migratedDatabase} from '../helpers/database.js';
import {postSorts} from '../helpers/sorts.js';

/**
 * Paging through the feed in every sort, forwards and backwards, yields
 * exactly the rows a plain sort of all posts gives, in that order: the
 * author walk (one query per author) and the keyed time walk must agree
 * with the definition of the order, including equal timestamps (ties broken
 * by id), authors without posts, and authors whose posts a text filter skips.
 */
// Opened at the top level: the close registered with it runs when the file ends, not when a hook does.
const {database} = await migratedDatabase();

describe('feed pages agree with a plain sort of all posts', () => {
	let all: PostRow[];

	before(async () => {
		const names = ['mia', 'ann', 'zed', 'bob', 'kim', 'lea', 'eve', 'tom', 'ivy', 'sam'];
		const users = await User.bulkCreate(names.map(username => ({username, email: `${username}@example.com`})));
		const base = Date.UTC(2025, 0, 1);
		const posts = [];
		for (let index = 0; index < 240; index++) {
			// kim (index 4) and tom (index 7) never post; sam's posts never match the text filter.
			const author = users[[0, 1, 2, 3, 5, 6, 8, 9][(index * 7) % 8]!]!;
			// Runs of three posts share a timestamp, so ties are broken by id.
			const timestamp = new Date(base + Math.floor(index / 3) * 60_000);
			const body = author.username !== 'sam' && index % 4 === 0 ? `needle ${index}` : `hay ${index}`;
			posts.push({body, timestamp, user_id: author.id});
		}
		// Shuffled insertion, so id order is not time order.
		posts.sort((a, b) => (a.body.length * 31 + a.timestamp.getTime() / 60_000) % 17 - (b.body.length * 31 + b.timestamp.getTime() / 60_000) % 17);
		await Post.bulkCreate(posts);
		const byId = new Map(users.map(user => [user.id, user.username]));
		const stored = await Post.findAll();
		all = stored.map(post => ({id: post.id, body: post.body, timestamp: post.timestamp, timeKey: timeKeyOf(post.timestamp), userId: post.user_id, username: byId.get(post.user_id)!}));
	});

	function expected(sort: PostSort, filter: PostFilter): PostRow[] {
		const newestFirst = (a: PostRow, b: PostRow) => b.timestamp.getTime() - a.timestamp.getTime() || b.id - a.id;
		const rows = all
			.filter(row => filter.text === undefined || row.body!.includes(filter.text))
			.filter(row => filter.author === undefined || row.username === filter.author)
			.filter(row => filter.userId === undefined || row.userId === filter.userId);
		const byName = (a: PostRow, b: PostRow) => (a.username! < b.username! ? -1 : a.username! > b.username! ? 1 : 0);
		rows.sort(sort.field === 'username' && filter.userId === undefined && filter.author === undefined ? (a, b) => byName(a, b) || newestFirst(a, b) : newestFirst);
		return sort.reverse ? rows.reverse() : rows;
	}

	const ids = (rows: PostRow[]) => rows.map(row => row.id);

	const filters: Array<{name: string; filter: () => PostFilter}> = [
		{name: 'all posts', filter: () => ({})},
		{name: 'text filter', filter: () => ({text: 'needle'})},
		{name: 'author filter', filter: () => ({author: 'bob'})},
		{name: 'profile', filter: () => ({userId: all.find(row => row.username === 'eve')!.userId})},
	];

	for (const sort of postSorts) {
		for (const {name, filter: makeFilter} of filters) {
			it(`${name}, by ${sort.field}${sort.reverse ? ' reversed' : ''}: forwards, backwards and positions`, async () => {
				const filter = makeFilter();
				const want = expected(sort, filter);
				assert.ok(want.length > 10, 'the fixture gives this list several pages');
				const forwards: PostRow[] = [];
				let page = await postPage(database, {sort, filter, limit: 7});
				while (page.length > 0) {
					forwards.push(...page);
					assert.ok(forwards.length <= all.length, 'paging ends');
					page = await postPage(database, {sort, filter, after: page.at(-1)!, limit: 7});
				}
				assert.deepEqual(ids(forwards), ids(want));
				assert.deepEqual(
					forwards.map(row => row.username),
					want.map(row => row.username),
				);

				const backwards: PostRow[] = [];
				page = await postPage(database, {sort, filter, before: want.at(-1)!, limit: 5});
				while (page.length > 0) {
					backwards.unshift(...page);
					assert.ok(backwards.length <= all.length, 'paging ends');
					page = await postPage(database, {sort, filter, before: page[0]!, limit: 5});
				}
				assert.deepEqual(ids(backwards), ids(want.slice(0, -1)));

				for (const index of [0, 6, Math.floor(want.length / 2), want.length - 1]) {
					assert.equal(await postsBefore(database, {sort, filter, cursor: want[index]!}), index, `position of row ${index}`);
				}
			});
		}
	}
});
