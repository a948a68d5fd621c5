// sqlite-only: a database file replaced on disk under open connections (PostgreSQL has no file to replace).
import assert from 'node:assert/strict';
import {renameSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {DeferredDatabase} from '../../source/db/deferred-database.js';
import {closeDatabase} from '../../source/db/replaced-file.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {openSqliteReader} from '../../source/db/sqlite-reader.js';
import {User} from '../../source/db/models/index.js';
import {createUser} from '../../source/store/accounts.js';
import {composePost} from '../../source/store/posts.js';
import {runForeignClient} from '../helpers/foreign-client.js';
import {upgrade} from '../../source/db/migrator.js';
import {newDatabaseLocation} from '../helpers/engine.js';

/** A migrated SQLite file that the test closes itself (closeDatabase is part of what it tests). */
async function migratedFile(): Promise<{database: Database; file: string}> {
	const file = await newDatabaseLocation('app.db', 'sqlite');
	const database = await openDatabase(resolveDatabase(file), {mode: 'create'});
	await upgrade(database, undefined);
	return {database, file};
}

/** A copy of the database with one more post, made by the sqlite3 shell and moved over the path (`mv backup.db app.db`). */
async function replaceWithBackup(file: string): Promise<void> {
	const backup = path.join(path.dirname(file), 'backup.db');
	await runForeignClient(file, `.backup '${backup}'`);
	await runForeignClient(backup, "INSERT INTO post (body, user_id) VALUES ('only in the backup', 1);");
	renameSync(backup, file);
}

const count = async (file: string, where = '') => (await runForeignClient(file, `SELECT count(*) FROM post ${where};`)).trim();

/*
 * Every write checks, inside its transaction, that the path still names the file that was opened: one made between
 * the replacement and the TUI's next look (or by a command) is refused, nothing written anywhere. The TUI's notice
 * and reopening are in test/ui/replaced-database.test.tsx.
 */
describe('writes to a database whose file was replaced', () => {
	it('a post and a new account are refused with one line, and nothing is written to either file', async () => {
		const {database, file} = await migratedFile();
		const john = await User.create({username: 'john', email: 'john@example.com'});
		await composePost(database, john, 'before');
		await replaceWithBackup(file);
		const refused = {name: 'DatabaseReplacedError', message: `${file} is no longer the file this session opened (it was replaced or removed): nothing was written`};
		await assert.rejects(composePost(database, john, 'after'), refused);
		await assert.rejects(createUser(database, {username: 'mary', email: 'mary@example.com', password: 'a long password'}), refused);
		// What the session had open, read through its own connection: nothing new there either.
		assert.deepEqual(await database.select('SELECT body FROM post ORDER BY id'), [{body: 'before'}]);
		await closeDatabase(database);
		assert.equal(await count(file), '2');
		assert.equal(await count(file, "WHERE body = 'after'"), '0');
		assert.equal((await runForeignClient(file, 'PRAGMA integrity_check;')).trim(), 'ok');
	});

	it("the TUI's deferred database: Sequelize opened after the replacement refuses the write it was loaded for", async () => {
		const {database: first, file} = await migratedFile();
		await User.create({username: 'john', email: 'john@example.com'});
		await first.close();
		const location = resolveDatabase(file);
		assert.equal(location.dialect, 'sqlite');
		const reader = await openSqliteReader(location, {access: 'write'});
		const deferred = new DeferredDatabase(reader, async () => openDatabase(location, {mode: 'existing'}));
		await replaceWithBackup(file);
		await assert.rejects(composePost(deferred, {id: 1, username: 'john'}, 'after'), {name: 'DatabaseReplacedError'});
		await closeDatabase(deferred);
		assert.equal(await count(file), '1');
		assert.equal(await count(file, "WHERE body = 'after'"), '0');
	});
});
