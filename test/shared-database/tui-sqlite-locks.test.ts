// sqlite-only: the running TUI's POSIX locks on its database file, read from /proc/locks.
// POSIX advisory locks belong to a process, and closing any descriptor on a file drops all of that process's locks
// on it. Until e42bd04 the header check before Sequelize's connection opened and closed the database file while the
// TUI's reader held its SHARED lock, so from the moment Sequelize loaded (lazily, after the first frame) the TUI held
// none, and any other client closing its connection checkpointed and deleted the -wal file under the TUI.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {descriptorsOn, fileExists, holdsSharedLock, posixLocks, signInAndPost, sqlite3Shell, startTui, tuiPid, waitUntil, watchFile} from './foreign-clients.js';

describe('SQLite: the TUI keeps its lock on the database file', () => {
	it('holds its SHARED lock after Sequelize has loaded, after a post, and after a live update', async () => {
		const file = await newDatabaseLocation('app.db', 'sqlite');
		assert.equal((await runCli(['--migrate', '-d', file])).code, 0);
		assert.equal((await runCli(['--seed', '-d', file])).code, 0);
		const tui = startTui(file);
		await tui.waitForText('1 of 36');
		const pid = await tuiPid(tui);
		const locks = () => JSON.stringify(posixLocks(pid, file));
		const wal = watchFile(`${file}-wal`);

		// The first frame is drawn through the SQLite reader alone: one descriptor on the file, holding the lock.
		assert.ok(holdsSharedLock(pid, file), `the reader's lock at the first frame: ${locks()}`);
		// Sequelize loads by itself once the first frame is out; its connection is the file's second descriptor.
		await waitUntil(() => descriptorsOn(pid, file) >= 2, 'Sequelize’s connection to open (a second descriptor on the file)');
		assert.ok(holdsSharedLock(pid, file), `the lock after Sequelize loaded: ${locks()}`);

		await signInAndPost(tui, 'john', 'microblog-demo', 'posted while locked');
		assert.ok(holdsSharedLock(pid, file), `the lock after a post: ${locks()}`);

		// Another process commits a row; the TUI shows it without a key press, and still holds its lock.
		await sqlite3Shell(file, "INSERT INTO post (body, user_id) VALUES ('from the sqlite3 shell', 2)");
		await tui.waitForText('from the sqlite3 shell');
		assert.ok(holdsSharedLock(pid, file), `the lock after a live update: ${locks()}`);

		// What the lock is for: the shell, closing, did not take the file for unused.
		const walSeen = wal.stop();
		assert.deepEqual(walSeen, {identities: [walSeen.identities[0]], missingSeen: 0}, 'the -wal file was never deleted or replaced');
		assert.ok(fileExists(`${file}-wal`));
		assert.equal(await sqlite3Shell(file, "SELECT count(*) FROM post WHERE body = 'posted while locked'"), '1');

		tui.keys('q');
		await tui.waitForText('EXIT=0');
		assert.equal(await sqlite3Shell(file, 'PRAGMA integrity_check'), 'ok');
		assert.equal(await sqlite3Shell(file, 'SELECT count(*) FROM post'), '38');
	});
});
