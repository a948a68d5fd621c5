// SQLite opens a connection per transaction; source/db/connection.ts keeps the last one open for the next
// write, and can open one ahead (the compose box does). These check that the kept connection is the one
// reused, with its settings, and that closing the database closes it.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase, openWriterAhead} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {User} from '../../source/db/models/index.js';
import {withWriteTransaction} from '../../source/db/write-transaction.js';
import {composePost} from '../../source/store/posts.js';
import {countPosts} from '../../source/store/feed-pages.js';
import {migratedDatabase} from '../helpers/database.js';
import {newDatabaseLocation} from '../helpers/engine.js';

// On SQLite whatever the engine under test: PostgreSQL has a connection pool of its own.
describe('SQLite: the write connection kept between transactions', () => {
	it('the next transaction runs on the same connection (a TEMP table, private to one connection, is still there)', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		await withWriteTransaction(database, async transaction => {
			await database.sequelize.query('CREATE TEMP TABLE marker (x)', {transaction});
		});
		const rows = await withWriteTransaction(database, async transaction =>
			database.sequelize.query<{name: string}>("SELECT name FROM temp.sqlite_master WHERE name = 'marker'", {type: QueryTypes.SELECT, transaction}),
		);
		assert.equal(rows.length, 1);
	});

	it('every connection has its settings: foreign keys (unless a bulk load turns them off) and synchronous=NORMAL', async () => {
		const file = await newDatabaseLocation('app.db', 'sqlite');
		for (const enforceForeignKeys of [true, false]) {
			const database = await openDatabase(resolveDatabase(file), {mode: 'create', enforceForeignKeys});
			try {
				const settings = async (transaction?: Parameters<Parameters<typeof withWriteTransaction>[1]>[0]) => {
					const [keys] = await database.sequelize.query<{foreign_keys: number}>('PRAGMA foreign_keys', {type: QueryTypes.SELECT, transaction});
					const [sync] = await database.sequelize.query<{synchronous: number}>('PRAGMA synchronous', {type: QueryTypes.SELECT, transaction});
					return [keys?.foreign_keys, sync?.synchronous];
				};
				const expected = [enforceForeignKeys ? 1 : 0, 1];
				assert.deepEqual(await settings(), expected, 'the connection outside transactions');
				assert.deepEqual(await withWriteTransaction(database, settings), expected, 'a transaction\'s connection');
			} finally {
				await database.close();
			}
		}
	});

	it('keeps enforcing foreign keys, and is still usable after a write that failed', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		await composePost(database, john, 'first');
		await assert.rejects(composePost(database, {id: 999, username: 'ghost'}, 'orphan'), {message: /no longer exists/});
		openWriterAhead(database);
		await assert.rejects(composePost(database, {id: 998, username: 'ghost'}, 'orphan'), {message: /no longer exists/});
		await composePost(database, john, 'second');
		assert.equal(await countPosts(database), 2);
	});

	it('closing the database closes the kept connection and the one opened ahead (SQLite removes the WAL file after the last)', async () => {
		// Opened here, not by the helper, which closes its databases when the file ends.
		const file = await newDatabaseLocation('app.db', 'sqlite');
		const database = await openDatabase(resolveDatabase(file), {mode: 'create'});
		await upgrade(database, undefined);
		const john = await User.create({username: 'john', email: 'john@example.com'});
		await composePost(database, john, 'kept');
		openWriterAhead(database);
		openWriterAhead(database);
		assert.ok(existsSync(`${file}-wal`));
		await database.close();
		assert.equal(existsSync(`${file}-wal`), false);
	});

	it('an in-memory database (one shared connection): a connection opened ahead is not closed twice', async () => {
		const database = await openDatabase(resolveDatabase(':memory:'), {mode: 'create'});
		await upgrade(database, undefined);
		const john = await User.create({username: 'john', email: 'john@example.com'});
		openWriterAhead(database);
		await composePost(database, john, 'in memory');
		openWriterAhead(database);
		assert.equal(await countPosts(database), 1);
		await database.close();
	});

	it('concurrent writes all land, the connection opened ahead among them', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		openWriterAhead(database);
		await Promise.all(Array.from({length: 5}, (_, index) => composePost(database, john, `post ${index}`)));
		assert.equal(await countPosts(database), 5);
	});
});
