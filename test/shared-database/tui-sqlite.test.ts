// sqlite-only: the sqlite3 shell, Python's sqlite3 module and SQLAlchemy on the same file as a running TUI.
// Issue 16, seen 1: after `sqlite3 app.db "select count(*) from post"` the TUI's later posts reached no other process
// and, when the TUI quit, the rows other programs had committed meanwhile were gone: closing a descriptor on the
// database file in the TUI's process had dropped its POSIX locks, so the shell, closing, took the file for unused,
// checkpointed and deleted the -wal and -shm files under the TUI.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {
	fileExists,
	flask,
	type FlaskPost,
	post,
	pythonSqlite3Insert,
	shell,
	signInAndPost,
	sqlite3Shell,
	startTui,
	watchFile,
} from './foreign-clients.js';

describe('SQLite: the TUI and foreign clients on one file', () => {
	it('keeps every row either side commits, and each side sees the other’s (sqlite3 shell, Python sqlite3, SQLAlchemy, --shell)', async () => {
		const file = await newDatabaseLocation('app.db', 'sqlite');
		assert.equal((await runCli(['--migrate', '-d', file])).code, 0);
		assert.equal((await runCli(['--seed', '-d', file])).code, 0);
		const seeded = Number(await sqlite3Shell(file, 'SELECT count(*) FROM post'));
		const johnId = Number(await sqlite3Shell(file, "SELECT id FROM \"user\" WHERE username = 'john'"));
		await flask(file, ['add-user', 'flask']);

		const tui = startTui(file);
		await tui.waitForText(`1 of ${seeded}`);
		// The TUI's reader has the file open in WAL mode: the -wal and -shm files exist from now until it quits.
		const wal = watchFile(`${file}-wal`);
		const shm = watchFile(`${file}-shm`);
		let walSeen: ReturnType<ReturnType<typeof watchFile>['stop']> | undefined;
		let shmSeen: typeof walSeen;
		try {
			await signInAndPost(tui, 'john', 'microblog-demo', 'tui post one');

			// Another terminal: the sqlite3 shell counts (the moment the old TUI lost its lock), then writes.
			assert.equal(await sqlite3Shell(file, "SELECT count(*) FROM post WHERE body = 'tui post one'"), '1', 'the sqlite3 shell sees the TUI’s post');
			assert.equal(Number(await sqlite3Shell(file, 'SELECT count(*) FROM post')), seeded + 1);
			await sqlite3Shell(file, `INSERT INTO post (body, timestamp, user_id) VALUES ('sqlite3 shell row', CURRENT_TIMESTAMP, ${johnId})`);
			await tui.waitForText('sqlite3 shell row');

			await pythonSqlite3Insert(file, 'python sqlite3 row', johnId);
			await tui.waitForText('python sqlite3 row');

			// The Flask tutorial's models: three posts in one commit, and the TUI's post read back through them.
			await flask(file, ['add-posts', 'flask', '3', '--body', 'sqlalchemy row']);
			await tui.waitFor(screen => ['sqlalchemy row 1', 'sqlalchemy row 2', 'sqlalchemy row 3'].every(body => screen.includes(body)), 'the three SQLAlchemy rows');

			await post(tui, 'tui post two');
			assert.equal(await sqlite3Shell(file, "SELECT count(*) FROM post WHERE body = 'tui post two'"), '1', 'the sqlite3 shell sees the TUI’s later post');
			const flaskSees = await flask<FlaskPost[]>(file, ['list-posts', '--contains', 'tui post']);
			assert.deepEqual(
				flaskSees.map(row => [row.username, row.body]),
				[
					['john', 'tui post two'],
					['john', 'tui post one'],
				],
				'SQLAlchemy sees both of the TUI’s posts',
			);

			// microblog-tui --shell, a second process of ours, writes too and reads the TUI's post.
			const outputs = await shell(file, [
				`await Post.create({body: 'repl row', user_id: ${johnId}}); 'created'`,
				"await Post.count({where: {body: 'tui post two'}})",
			]);
			assert.deepEqual(outputs, ["'created'\n", '1\n', '']);
			await tui.waitForText('repl row');

			assert.ok(fileExists(`${file}-wal`), 'the -wal file is there while the TUI runs');
		} finally {
			walSeen = wal.stop();
			shmSeen = shm.stop();
		}
		tui.keys('q');
		await tui.waitForText('EXIT=0');

		assert.deepEqual(walSeen, {identities: [walSeen.identities[0]], missingSeen: 0}, 'the -wal file was never deleted or replaced while the TUI ran');
		assert.deepEqual(shmSeen, {identities: [shmSeen.identities[0]], missingSeen: 0}, 'the -shm file was never deleted or replaced while the TUI ran');

		// Every row committed on either side, counted by the sqlite3 shell after the TUI quit.
		const foreign = ['sqlite3 shell row', 'python sqlite3 row', 'sqlalchemy row 1', 'sqlalchemy row 2', 'sqlalchemy row 3', 'repl row'];
		const ours = ['tui post one', 'tui post two'];
		const bodies = (await sqlite3Shell(file, `SELECT body FROM post WHERE id > ${seeded} ORDER BY body`)).split('\n');
		assert.deepEqual(bodies, [...foreign, ...ours].sort());
		assert.equal(Number(await sqlite3Shell(file, 'SELECT count(*) FROM post')), seeded + foreign.length + ours.length);
		assert.equal(await sqlite3Shell(file, 'PRAGMA integrity_check'), 'ok');
		assert.equal(await sqlite3Shell(file, 'PRAGMA foreign_key_check'), '');
		assert.deepEqual(await flask(file, ['count']), {users: 7, posts: seeded + 8});
	});
});
