// sqlite-only: works on SQLite files directly (bytes, PRAGMAs, the sqlite3 shell).
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {generate} from '../../source/generate/generate.js';
import {postPage} from '../../source/store/feed-query.js';
import {parsePostFilter} from '../../source/store/feed-pages.js';
import type {PostRow} from '../../source/store/feed-pages.js';
import {userPage} from '../../source/store/users-query.js';
import type {UserSort} from '../../source/store/users-query.js';
import {tempDir} from '../helpers/temp-dir.js';
import {postSorts, userSorts} from '../helpers/sorts.js';

/**
 * Every page query the lists run, explained by SQLite: none may scan a whole
 * table or sort in a temporary B-tree, or deep pages would cost more than
 * the first one.
 */
describe('query plans of the list queries (SQLite)', () => {
	let database: Database;
	const statements: string[] = [];

	before(async () => {
		const file = path.join(tempDir(), 'plans.db');
		database = await openDatabase(resolveDatabase(file), {mode: 'create', logging: sql => statements.push(sql)});
		await upgrade(database, undefined);
		await generate(database, {users: 200, posts: 5000, passwordHash: null});
	});
	after(async () => database.close());

	async function plansOf(run: () => Promise<unknown>): Promise<Array<{sql: string; plan: string}>> {
		statements.length = 0;
		await run();
		const selects = statements.filter(sql => /^SELECT/i.test(sql.trim()) && !/^SELECT count\(/i.test(sql.trim()));
		assert.ok(selects.length > 0, 'the store ran a query');
		const plans = [];
		for (const sql of selects) {
			const rows = await database.sequelize.query<{detail: string}>(`EXPLAIN QUERY PLAN ${sql.replace(/;\s*$/, '')}`, {
				type: QueryTypes.SELECT,
				logging: false,
			});
			plans.push({sql, plan: rows.map(row => row.detail).join('\n')});
		}
		return plans;
	}

	function assertIndexed(plans: Array<{sql: string; plan: string}>): void {
		for (const {sql, plan} of plans) {
			assert.doesNotMatch(plan, /^SCAN \S+$/m, `full table scan in\n${plan}\nfor ${sql}`);
			assert.doesNotMatch(plan, /TEMP B-TREE/, `temporary B-tree in\n${plan}\nfor ${sql}`);
		}
	}


	for (const sort of postSorts) {
		it(`feed by ${sort.field}${sort.reverse ? ', reversed' : ''}: first page, next page, previous page`, async () => {
			const first = await postPage(database, {sort, limit: 40});
			const middle: PostRow = first.at(-1)!;
			assertIndexed(await plansOf(async () => postPage(database, {sort, limit: 40})));
			assertIndexed(await plansOf(async () => postPage(database, {sort, after: middle, limit: 40})));
			assertIndexed(await plansOf(async () => postPage(database, {sort, before: middle, limit: 40})));
		});
	}

	for (const sort of [postSorts[0]!, postSorts[2]!]) {
		it(`the feed filtered by text, by ${sort.field}: first page, next page, previous page`, async () => {
			const filter = parsePostFilter('a');
			const first = await postPage(database, {sort, filter, limit: 40});
			const middle: PostRow = first.at(-1)!;
			assertIndexed(await plansOf(async () => postPage(database, {sort, filter, limit: 40})));
			assertIndexed(await plansOf(async () => postPage(database, {sort, filter, after: middle, limit: 40})));
			assertIndexed(await plansOf(async () => postPage(database, {sort, filter, before: middle, limit: 40})));
		});
	}

	it('a profile, in both directions', async () => {
		const [someone] = await postPage(database, {limit: 1});
		for (const sort of postSorts.slice(0, 2)) {
			const filter = {userId: someone!.userId!};
			const first = await postPage(database, {sort, filter, limit: 5});
			assertIndexed(await plansOf(async () => postPage(database, {sort, filter, limit: 5})));
			assertIndexed(await plansOf(async () => postPage(database, {sort, filter, after: first.at(-1)!, limit: 5})));
		}
	});

	it('the feed filtered by author (@name)', async () => {
		const [someone] = await postPage(database, {limit: 1});
		const filter = parsePostFilter(`@${someone!.username}`);
		const first = await postPage(database, {filter, limit: 5});
		assertIndexed(await plansOf(async () => postPage(database, {filter, limit: 5})));
		assertIndexed(await plansOf(async () => postPage(database, {filter, after: first.at(-1)!, limit: 5})));
	});


	for (const sort of userSorts) {
		it(`users by ${sort.field}${sort.reverse ? ', reversed' : ''}: first page, next page, previous page`, async () => {
			const first = await userPage(database, {sort, limit: 30});
			const middle = first.at(-1)!;
			assertIndexed(await plansOf(async () => userPage(database, {sort, limit: 30})));
			assertIndexed(await plansOf(async () => userPage(database, {sort, after: middle, limit: 30})));
			assertIndexed(await plansOf(async () => userPage(database, {sort, before: middle, limit: 30})));
		});
	}

	it('pages in the users-by-latest order agree with a straightforward sort', async () => {
		const sort: UserSort = {field: 'latest', reverse: false};
		const all = [];
		let page = await userPage(database, {sort, limit: 37});
		while (page.length > 0) {
			all.push(...page);
			page = await userPage(database, {sort, after: page.at(-1)!, limit: 37});
		}
		const expected = await database.sequelize.query<{id: number}>(
			`SELECT u.id FROM "user" u ORDER BY (SELECT max(timestamp) FROM post WHERE user_id = u.id) IS NULL,
				(SELECT max(timestamp) FROM post WHERE user_id = u.id) DESC, u.id`,
			{type: QueryTypes.SELECT},
		);
		assert.deepEqual(all.map(user => user.id), expected.map(row => Number(row.id)));
		const reversed = await userPage(database, {sort: {field: 'latest', reverse: true}, limit: 5});
		assert.deepEqual(reversed.map(user => user.id), all.slice(-5).reverse().map(user => user.id));
		const back = await userPage(database, {sort, before: all[40]!, limit: 10});
		assert.deepEqual(back.map(user => user.id), all.slice(30, 40).map(user => user.id));
	});
});
