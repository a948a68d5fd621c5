// sqlite-only: a database file replaced on disk under the running TUI (PostgreSQL has no file to replace).
import assert from 'node:assert/strict';
import {renameSync, statSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {runForeignClient} from '../helpers/foreign-client.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

/*
 * `mv backup.db app.db` while the built TUI runs in a real terminal, the backup made and moved in by the sqlite3
 * shell. Before, the TUI said "posted" and wrote into the old, unlinked file. test/ui/replaced-database.test.tsx
 * does the same with the App in ink-testing-library.
 */
describe('a database file replaced under the TUI (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	it('says so, refuses to post keeping the draft, and R reopens the file now at the path', async () => {
		const directory = tempDir();
		const database = path.join(directory, 'app.db');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database} --user john; echo EXIT=$?; sleep 3`, {
			env: {TERM: 'xterm-256color', DATABASE_URL: ''},
		});
		sessions.push(tui);
		await tui.signIn('john', 'microblog-demo');
		await tui.waitForText('1 of 36');

		const backup = path.join(directory, 'backup.db');
		await runForeignClient(database, `.backup '${backup}'`);
		await runForeignClient(backup, "INSERT INTO post (body, user_id) SELECT 'only in the backup', id FROM \"user\" WHERE username = 'john';");
		renameSync(backup, database);

		await tui.waitForText('the database file was replaced on disk: writes are refused; R reopens it');
		// Once it noticed, the TUI let go of the old file, its WAL emptied into it first (left at the names the new file
		// uses, it stood in front of the new file's pages for every program): then another program reads the new file
		// as it is. Until then, reading it could checkpoint the old pages into it.
		await tui.waitFor(() => statSync(`${database}-wal`, {throwIfNoEntry: false})?.size === 0, 'the old WAL emptied');
		const count = async (where = '') => (await runForeignClient(database, `SELECT count(*) FROM post ${where};`)).trim();
		assert.equal(await count(), '37');

		tui.keys('c');
		await tui.waitForText('New post');
		const draft = 'typed after the file was replaced';
		tui.type(draft);
		await tui.waitForText(`${draft.length}/140`);
		tui.keys('Enter');
		const refused = await tui.waitForText('is no longer the file this session opened');
		assert.doesNotMatch(refused, /posted/);
		assert.ok(refused.includes(draft), `the draft is kept:\n${refused}`);
		assert.equal(await count(`WHERE body = '${draft}'`), '0');

		tui.keys('Escape');
		await tui.waitFor(screen => !screen.includes('New post'), 'the compose box to close');
		tui.keys('R');
		await tui.waitForText('only in the backup');
		const reopened = await tui.waitForText('1 of 37');
		assert.doesNotMatch(reopened, /replaced on disk/);
		tui.keys('c');
		await tui.waitFor(screen => screen.includes('New post') && screen.includes(draft), 'the kept draft');
		tui.keys('Enter');
		await tui.waitForText('1 of 38');
		assert.equal(await count(`WHERE body = '${draft}'`), '1');
		assert.equal((await runForeignClient(database, 'PRAGMA integrity_check;')).trim(), 'ok');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});
});
