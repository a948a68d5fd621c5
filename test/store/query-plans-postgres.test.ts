// runs once: PostgreSQL only, on its own database.
import {timeKeySql} from '../../source/db/stored-time.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {generate} from '../../source/generate/generate.js';
import {postPage} from '../../source/store/feed-query.js';
import {parsePostFilter} from '../../source/store/feed-pages.js';
import type {PostSort} from '../../source/store/feed-pages.js';
import {userPage} from '../../source/store/users-query.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {postSorts, userSorts} from '../helpers/sorts.js';

/**
 * On PostgreSQL every page query must read an index in order: keyset pages
 * show an Index Cond, and no plan has a Sort or an Incremental Sort node.
 * Cursors sit in the middle of the lists, where tens of thousands of rows lie
 * on either side, and also where an author has only a few posts left (where
 * reading the author's posts by bitmap and sorting them would be cheaper).
 */
// Created at the top level: the drop registered with it runs when the file ends, not when a hook does.
const url = testDatabaseUrl ? await newDatabaseLocation('plans', 'postgres') : undefined;

if (url) {
	describe('query plans of the list queries (PostgreSQL)', () => {
		let database: Database;
		/** The statements the store ran, with the values bound to them: EXPLAIN plans them with those values, as the query was. */
		const statements: Array<{sql: string; bind?: readonly unknown[]}> = [];

		before(async () => {
			database = await openDatabase(resolveDatabase(url), {mode: 'existing', logging: (sql, _ms, bind) => statements.push({sql, bind})});
			await upgrade(database, undefined);
			await generate(database, {users: 5000, posts: 200_000, passwordHash: null});
			// What autovacuum leaves after a bulk load: statistics, and the visibility map that makes
			// reading keys from a covering index cheaper than anything that sorts.
			await database.sequelize.query('VACUUM ANALYZE');
		});
		after(async () => database.close());

		async function plansOf(run: () => Promise<unknown>): Promise<Array<{sql: string; plan: string}>> {
			statements.length = 0;
			await run();
			const selects = statements.filter(({sql}) => /^SELECT/i.test(sql.trim()) && !/^SELECT count\(/i.test(sql.trim()));
			assert.ok(selects.length > 0, 'the store ran a query');
			const plans = [];
			for (const {sql, bind} of selects) {
				const rows = await database.sequelize.query<{'QUERY PLAN': string}>(`EXPLAIN ${sql.replace(/;\s*$/, '')}`, {
					type: QueryTypes.SELECT,
					logging: false,
					...(bind ? {bind: [...bind]} : {}),
				});
				plans.push({sql, plan: rows.map(row => row['QUERY PLAN']).join('\n')});
			}
			return plans;
		}

		function assertIndexed(plans: Array<{sql: string; plan: string}>, options: {keyset: boolean}): void {
			for (const {sql, plan} of plans) {
				assert.doesNotMatch(plan, /Seq Scan on (post|"user")/, `sequential scan in\n${plan}\nfor ${sql}`);
				assert.doesNotMatch(plan, /Sort {2}\(|Sort Key/, `a sort node in\n${plan}\nfor ${sql}`);
				assert.match(plan, /Index (Only )?Scan/, `no index scan in\n${plan}\nfor ${sql}`);
				if (options.keyset) {
					assert.match(plan, /Index Cond: .*(ROW\(|username|id [<>=])/, `no index condition in\n${plan}\nfor ${sql}`);
				}
			}
		}


		/** A post half-way down the list in this sort (test-only OFFSET, to find it). */
		async function middlePost(sort: PostSort) {
			const order = sort.field === 'username' ? 'u.username, p.timestamp DESC, p.id DESC' : 'p.timestamp DESC, p.id DESC';
			const [row] = await database.sequelize.query<{id: number; time_key: string; username: string}>(
				`SELECT p.id, ${timeKeySql('postgres', 'p.timestamp')} AS time_key, u.username FROM post p JOIN "user" u ON u.id = p.user_id ORDER BY ${order} OFFSET 100000 LIMIT 1`,
				{type: QueryTypes.SELECT, logging: false},
			);
			return {id: Number(row!.id), timeKey: row!.time_key, username: row!.username};
		}

		for (const sort of postSorts) {
			it(`feed by ${sort.field}${sort.reverse ? ', reversed' : ''}: first, next and previous pages`, async () => {
				const middle = await middlePost(sort);
				assertIndexed(await plansOf(async () => postPage(database, {sort, limit: 40})), {keyset: false});
				assertIndexed(await plansOf(async () => postPage(database, {sort, after: middle, limit: 40})), {keyset: true});
				assertIndexed(await plansOf(async () => postPage(database, {sort, before: middle, limit: 40})), {keyset: true});
				if (sort.field === 'username') {
					// Two posts before the end of an author's run: the page takes that author's last two, then the next authors.
					const run = await postPage(database, {sort, after: middle, limit: 400});
					const nearEnd = run.findIndex(
						(row, index) => index + 3 < run.length && run[index + 2]!.username === row.username && run[index + 3]!.username !== row.username,
					);
					assert.ok(nearEnd >= 0, 'the run has an author change');
					assertIndexed(await plansOf(async () => postPage(database, {sort, after: run[nearEnd]!, limit: 40})), {keyset: true});
					assertIndexed(await plansOf(async () => postPage(database, {sort, before: run[nearEnd + 3]!, limit: 40})), {keyset: true});
				}
			});
		}

		for (const sort of [postSorts[0]!, postSorts[2]!]) {
			it(`the feed filtered by text, by ${sort.field}: first, next and previous pages`, async () => {
				const filter = parsePostFilter('the');
				const middle = await middlePost(sort);
				assertIndexed(await plansOf(async () => postPage(database, {sort, filter, limit: 40})), {keyset: false});
				assertIndexed(await plansOf(async () => postPage(database, {sort, filter, after: middle, limit: 40})), {keyset: true});
				assertIndexed(await plansOf(async () => postPage(database, {sort, filter, before: middle, limit: 40})), {keyset: true});
			});
		}

		it('a profile, and the feed filtered by author', async () => {
			// The most prolific author, so a page in the middle of their posts has posts on either side.
			const [top] = await database.sequelize.query<{user_id: number}>(
				'SELECT user_id FROM post GROUP BY user_id ORDER BY count(*) DESC LIMIT 1',
				{type: QueryTypes.SELECT, logging: false},
			);
			const [someone] = await postPage(database, {filter: {userId: Number(top!.user_id)}, limit: 1});
			const profile = {userId: someone!.userId!};
			const page = await postPage(database, {filter: profile, limit: 200});
			const middle = page.at(-1)!;
			assertIndexed(await plansOf(async () => postPage(database, {filter: profile, limit: 5})), {keyset: true});
			assertIndexed(await plansOf(async () => postPage(database, {filter: profile, after: middle, limit: 5})), {keyset: true});
			assertIndexed(await plansOf(async () => postPage(database, {filter: profile, before: middle, limit: 5})), {keyset: true});
			// Near the end of the profile: fewer posts left than the page holds.
			const last = await postPage(database, {filter: profile, sort: {field: 'timestamp', reverse: true}, limit: 3});
			assertIndexed(await plansOf(async () => postPage(database, {filter: profile, after: last.at(-1)!, limit: 40})), {keyset: true});
			const byAuthor = parsePostFilter(`@${someone!.username}`);
			assertIndexed(await plansOf(async () => postPage(database, {filter: byAuthor, after: middle, limit: 5})), {keyset: true});
		});


		for (const sort of userSorts) {
			it(`users by ${sort.field}${sort.reverse ? ', reversed' : ''}: first, next and previous pages`, async () => {
				// A user far from both ends of the list.
				let middle = (await userPage(database, {sort, limit: 1000})).at(-1)!;
				middle = (await userPage(database, {sort, after: middle, limit: 1000})).at(-1)!;
				assertIndexed(await plansOf(async () => userPage(database, {sort, limit: 30})), {keyset: false});
				assertIndexed(await plansOf(async () => userPage(database, {sort, after: middle, limit: 30})), {keyset: true});
				assertIndexed(await plansOf(async () => userPage(database, {sort, before: middle, limit: 30})), {keyset: true});
			});
		}
	});
}
