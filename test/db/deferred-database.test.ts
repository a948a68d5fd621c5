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
import {signIn} from '../../source/store/accounts.js';
import {countPosts, feedPage} from '../../source/store/feed-pages.js';
import {composePost} from '../../source/store/posts.js';
import {migratedDatabase} from '../helpers/database.js';

const {database: seeded, file} = await migratedDatabase('deferred.db', 'sqlite');
// The demo users (john, susan; password microblog-demo) and their posts.
await seed(seeded);

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
			assert.throws(() => database.sequelize, /Sequelize is not loaded yet/);
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
			assert.equal(database.sequelize, first.sequelize);
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

	it('loads Sequelize for the first write that needs it', async () => {
		const {database, opens} = await deferred();
		try {
			const account = await signIn(database, 'susan', 'microblog-demo');
			assert.equal(opens(), 1);
			await composePost(database, account, 'a first write loads it');
			assert.equal(opens(), 1);
		} finally {
			await database.close();
		}
	});

	it('closes the reader and the Sequelize it loaded', async () => {
		const {database} = await deferred();
		const full: Database = await loaded(database);
		await database.close();
		await assert.rejects(database.select('SELECT 1'));
		await assert.rejects(full.sequelize.query('SELECT 1'));
	});
});
