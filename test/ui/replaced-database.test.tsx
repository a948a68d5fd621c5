// sqlite-only: a database file replaced on disk under the running app (PostgreSQL has no file to replace).
import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {renameSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {closeDatabase} from '../../source/db/replaced-file.js';
import {runForeignClient} from '../helpers/foreign-client.js';
import {frame, keys, makeDatabase, press, renderSignedIn, seedPosts, seedUser, waitForText} from '../helpers/tui.js';

/*
 * `mv backup.db app.db` while the App runs: the path now names another file. Before, the App wrote the next post
 * into the file it had open, unlinked and gone for every other program, and said "posted". Now it notices (a stat of
 * the path against what it opened, on a timer and before every write), refuses to write and keeps the draft, and R
 * reopens the database at the path. The replacement is made by the sqlite3 shell, and read back with it.
 * test/e2e/replaced-database-in-tmux.test.ts does the same with the built binary in a real terminal.
 */
describe('a database file replaced under the App', () => {
	it('notices, refuses to write keeping the draft, and R reopens the file now at the path', async t => {
		const db = await makeDatabase();
		let current: Database = db.database;
		t.after(async () => {
			await current.close().catch(() => undefined);
			await db.close().catch(() => undefined);
		});
		const carol = await seedUser('carol');
		await seedPosts(carol, 3, {body: index => `carol says ${index + 1}`});
		// What runTui is given by the TUI command: release closes the database in use, reopen opens the path again.
		let released: Promise<void> | undefined;
		const release = async (): Promise<void> => {
			released ??= closeDatabase(current);
			await released;
		};
		let reopened = 0;
		const reopen = async (): Promise<Database> => {
			reopened++;
			await release();
			current = await openDatabase(resolveDatabase(db.file), {mode: 'existing'});
			released = undefined;
			return current;
		};
		const app = await renderSignedIn({database: db.database, initialUser: 'carol', width: 100, height: 24, reopen, release, fileCheckMs: 100});
		t.after(() => app.unmount());
		await waitForText(app, '1 of 3');

		// Another program makes the replacement: a copy of the database with one more post, moved over the path.
		const backup = path.join(path.dirname(db.file), 'backup.db');
		await runForeignClient(db.file, `.backup '${backup}'`);
		await runForeignClient(backup, "INSERT INTO post (body, user_id) VALUES ('only in the backup', 1);");
		renameSync(backup, db.file);

		const noticed = await waitForText(app, 'the database file was replaced on disk: writes are refused; R reopens it');
		assert.match(noticed, /1 of 3/, 'the view stays as it was read');
		// Noticed, the old file is closed at once: its -wal and -shm, at the names the new file uses, are gone with it,
		// and the sqlite3 shell reads the new file as it is (before, it read the old file's pages through them).
		assert.ok(released, 'the database was released when the replacement was noticed');
		await released;
		assert.equal((await runForeignClient(db.file, 'SELECT count(*) FROM post;')).trim(), '4');
		await press(app, 'c');
		await waitForText(app, 'New post');
		const draft = 'written after the file was replaced';
		await press(app, draft);
		await waitForText(app, `${draft.length}/140`);
		await press(app, keys.enter);
		const refused = await waitForText(app, /is no longer the file this session opened/);
		assert.ok(!refused.includes('posted'), refused);
		assert.ok(refused.includes(draft), 'the draft is kept');
		assert.equal((await runForeignClient(db.file, `SELECT count(*) FROM post WHERE body = '${draft}';`)).trim(), '0');
		assert.equal((await runForeignClient(db.file, 'SELECT count(*) FROM post;')).trim(), '4');

		await press(app, keys.escape);
		await waitForText(app, 'R reopens it');
		await press(app, 'R');
		await waitForText(app, 'only in the backup');
		assert.equal(reopened, 1);
		const after = await waitForText(app, '1 of 4');
		assert.doesNotMatch(after, /was replaced on disk/);
		// Still signed in (carol is in the new file too), and the draft kept: it posts into the file at the path.
		await press(app, 'c');
		await waitForText(app, draft);
		await press(app, keys.enter);
		await waitForText(app, 'posted');
		assert.equal((await runForeignClient(db.file, `SELECT count(*) FROM post WHERE body = '${draft}';`)).trim(), '1');
		assert.equal((await runForeignClient(db.file, 'PRAGMA integrity_check;')).trim(), 'ok');
		assert.match(frame(app), /1 of 5/);
	});
});
