// sqlite-only
// The TUI's database on SQLite (source/db/deferred-database.ts): reads through the SQLite reader from the
// start, Sequelize only when something needs it, opened once however many ask at once.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {DeferredDatabase, loaded} from '../../source/db/deferred-database.js';
import {seed} from '../../source/db/seeder.js';
import {openSqliteReader} from '../../source/db/sqlite-reader.js';
import {UserError} from '../../source/errors.js';
import {upgrade} from '../../source/db/migrator.js';
import {accountStillExists, createUser, signIn} from '../../source/store/accounts.js';
import {postPage} from '../../source/store/feed-query.js';
import {watchPosts} from '../../source/store/live-updates.js';
import {countPosts, feedPage} from '../../source/store/feed-pages.js';
import {composePost, deletePost} from '../../source/store/posts.js';
import {waitFor} from '../helpers/tui.js';
import {migratedDatabase} from '../helpers/database.js';

const {database: seeded, file} = await migratedDatabase('deferred.db', 'sqlite');
// The demo users (john, susan; password microblog-demo) and their posts.
await seed(seeded);
// Read before any deferred database loads: the models are the process's, bound to the database that loaded last.
const john = await signIn(seeded, 'john', 'microblog-demo');

async function deferred(): Promise<{database: DeferredDatabase; opens: () => number}> {
	const location = resolveDatabase(file);
	assert.equal(location.dialect, 'sqlite');
	let opens = 0;
	const reader = await openSqliteReader(location as Extract<typeof location, {dialect: 'sqlite'}>);
	const database = new DeferredDatabase(reader, async () => {
		opens++;
		return openDatabase(location, {mode: 'existing'});
	});
	return {database, opens: () => opens};
}

describe('the deferred database', () => {
	it('reads without opening Sequelize, and has no Sequelize to hand out until loaded', async () => {
		const {database, opens} = await deferred();
		try {
			assert.equal(await countPosts(database), await countPosts(seeded));
			assert.deepEqual(await feedPage(database, {limit: 5}), await feedPage(seeded, {limit: 5}));
			assert.equal(opens(), 0);
			assert.throws(() => database.sequelize, /no Sequelize of its own/);
		} finally {
			await database.close();
		}
	});

	it('opens Sequelize once for every caller at once, and its writes are read back through the reader', async () => {
		const {database, opens} = await deferred();
		try {
			const [first, second] = await Promise.all([loaded(database), loaded(database)]);
			assert.equal(opens(), 1);
			assert.equal(first, second);
			// Even loaded, its Sequelize is only handed out by loaded(): a path that skipped it fails here, not only for the quick.
			assert.throws(() => database.sequelize, /no Sequelize of its own/);
			const before = await countPosts(database);
			const account = await signIn(database, 'john', 'microblog-demo');
			const post = await composePost(database, account, 'through the deferred database');
			assert.equal(opens(), 1);
			assert.equal(await countPosts(database), before + 1);
			assert.equal((await feedPage(database, {limit: 1}))[0]?.id, post.id);
		} finally {
			await database.close();
		}
	});

	it('is loaded by each entry point that needs Sequelize, called first; sign-in checks only read', async () => {
		const [post] = await feedPage(seeded, {filter: {userId: john.id}, limit: 1});
		// Bound reads through the reader (issue 17): they need no Sequelize.
		for (const [name, entry] of [
			['signIn', async (database: Database) => signIn(database, 'john', 'wrong password').catch(() => undefined)],
			['accountStillExists', async (database: Database) => assert.equal(await accountStillExists(database, john), true)],
		] as const) {
			const {database, opens} = await deferred();
			try {
				await entry(database);
				assert.equal(opens(), 0, name);
			} finally {
				await database.close();
			}
		}
		const entries: Array<[string, (database: Database) => Promise<unknown>]> = [
			['createUser', async database => createUser(database, {username: 'deferred', email: 'deferred@example.com', password: 'long enough'})],
			['composePost', async database => composePost(database, john, 'the first thing this database does')],
			['deletePost', async database => deletePost(database, john.id, post!.id)],
			['a profile page', async database => postPage(database, {filter: {userId: john.id}, limit: 3})],
			['an @name page', async database => postPage(database, {filter: {author: 'john'}, limit: 3})],
			['upgrade', async database => upgrade(database, undefined)],
		];
		for (const [name, entry] of entries) {
			const {database, opens} = await deferred();
			try {
				assert.equal(opens(), 0);
				await entry(database);
				assert.equal(opens(), 1, name);
			} finally {
				await database.close();
			}
		}
	});

	it('tries again after a failed load: the write that met it fails with its message, the next one works', async () => {
		const location = resolveDatabase(file);
		const reader = await openSqliteReader(location as Extract<typeof location, {dialect: 'sqlite'}>);
		let opens = 0;
		const database = new DeferredDatabase(reader, async () => {
			opens++;
			if (opens === 1) {
				throw new UserError('the database is locked by another process; try again in a moment');
			}
			return openDatabase(location, {mode: 'existing'});
		});
		try {
			await assert.rejects(composePost(database, john, 'not yet'), /locked by another process/);
			const post = await composePost(database, john, 'now it works');
			assert.equal(opens, 2);
			assert.equal((await feedPage(database, {limit: 1}))[0]?.id, post.id);
		} finally {
			await database.close();
		}
	});

	it('closes the reader and the Sequelize it loaded, also one still opening', async () => {
		const {database} = await deferred();
		const full: Database = await loaded(database);
		await database.close();
		await assert.rejects(database.select('SELECT 1'));
		await assert.rejects(full.sequelize.query('SELECT 1'));
		await assert.rejects(loaded(database), /closed/);

		const location = resolveDatabase(file);
		const reader = await openSqliteReader(location as Extract<typeof location, {dialect: 'sqlite'}>);
		let release: () => void = () => undefined;
		const held = new Promise<void>(resolve => {
			release = resolve;
		});
		let opened: Database | undefined;
		const opening = new DeferredDatabase(reader, async () => {
			await held;
			opened = await openDatabase(location, {mode: 'existing'});
			return opened;
		});
		const load = loaded(opening);
		const closing = opening.close();
		release();
		await closing;
		await assert.rejects(load, /closed/);
		await assert.rejects(opened!.sequelize.query('SELECT 1'));
	});

	it('watches data_version on the reader: another connection\'s commit is reported, and the poll is not logged', async () => {
		const location = resolveDatabase(file);
		const logged: string[] = [];
		const reader = await openSqliteReader(location as Extract<typeof location, {dialect: 'sqlite'}>, {logging: sql => logged.push(sql)});
		const database = new DeferredDatabase(reader, async () => openDatabase(location, {mode: 'existing'}));
		let changes = 0;
		const watch = watchPosts(database, () => changes++, {intervalMs: 20});
		try {
			await watch.ready;
			// Another connection's commit (plain SQL: the models may be bound to another test's database by now).
			await seeded.sequelize.query(`INSERT INTO post (body, timestamp, user_id) VALUES ('from another connection', '2026-11-24 20:00:00.000 +00:00', ${john.id})`);
			await waitFor(() => changes > 0, {what: 'the change reported'});
			assert.equal(logged.some(sql => /data_version/.test(sql)), false, logged.join('\n'));
			await database.select('SELECT 1 AS one');
			assert.ok(logged.includes('SELECT 1 AS one'), 'the reader logs what it runs');
		} finally {
			await watch.stop();
			await database.close();
		}
	});
});
