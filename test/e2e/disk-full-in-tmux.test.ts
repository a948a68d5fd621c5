// sqlite-only: a full disk under a SQLite file.
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {copyFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {smallDisk} from '../helpers/small-disk.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

function postCount(file: string): number {
	return Number(execFileSync('sqlite3', [file, 'SELECT count(*) FROM post'], {encoding: 'utf8'}).trim());
}

describe('the TUI on a full disk (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});
	const seeded = path.join(tempDir(), 'seeded.db');
	before(async () => {
		assert.equal((await runCli(['--migrate', '-d', seeded])).code, 0);
		assert.equal((await runCli(['--seed', '-d', seeded])).code, 0);
	});

	function diskWith(file: string): {location: string; disk: Exclude<ReturnType<typeof smallDisk>, {skip: string}>} {
		const disk = smallDisk('512k');
		if ('skip' in disk) {
			throw new Error(disk.skip);
		}
		const location = path.join(disk.directory, 'app.db');
		copyFileSync(file, location);
		return {location, disk};
	}

	it('refuses to start in one line when SQLite cannot make its -shm and WAL, and writes nothing', async () => {
		const {location, disk} = diskWith(seeded);
		disk.fill(0);
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${location}; echo EXIT=$?; sleep 30`, {width: 200, env: {TERM: 'xterm-256color', DATABASE_URL: '', DEBUG: ''}});
		sessions.push(tui);
		const screen = await tui.waitForText('EXIT=');
		const lines = screen.split('\n').filter(line => line.trim() !== '');
		assert.deepEqual(lines, [`microblog-tui: the disk holding ${location} is full (0 bytes free); nothing was written`, 'EXIT=1']);
		disk.empty();
		assert.equal(postCount(location), 36);
	});

	it('a post on a nearly full disk says the disk is full, keeps the draft, writes nothing, and posts once there is room', async () => {
		const {location, disk} = diskWith(seeded);
		// Another program has the database open, as in the field: its -shm and -wal exist before the disk fills.
		const holder = spawn('python3', ['-c', `import sqlite3,sys\nc=sqlite3.connect(${JSON.stringify(location)})\nc.execute('SELECT count(*) FROM post').fetchall()\nprint('open',flush=True)\nsys.stdin.read()`], {stdio: ['pipe', 'pipe', 'inherit']});
		after(() => holder.stdin.end());
		await new Promise<void>(resolve => holder.stdout.once('data', () => resolve()));
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${location} --user john; echo EXIT=$?; sleep 30`, {env: {TERM: 'xterm-256color', DATABASE_URL: '', DEBUG: ''}});
		sessions.push(tui);
		await tui.signIn('john', 'microblog-demo');
		await tui.waitForText('1 of 36');
		disk.fill(16 << 10);
		tui.keys('c');
		await tui.waitForText('New post');
		const draft = 'written on a full disk';
		tui.type(draft);
		await tui.waitForText(`${draft.length}/140`);
		tui.keys('Enter');
		const failed = await tui.waitForText(/the disk holding .* is full/);
		assert.match(failed, new RegExp(`the disk holding ${location.replaceAll('.', '\\.')} is full \\(\\d+ (bytes|KiB) free\\)`));
		assert.doesNotMatch(failed, /SQLITE_|input\/output|I\/O error/);
		assert.equal(failed.split('\n').filter(line => line.includes(draft)).length, 1, 'the draft is kept');
		disk.empty();
		// The sqlite3 shell finds nothing of the post.
		assert.equal(postCount(location), 36);
		tui.keys('Enter');
		await tui.waitForText('1 of 37');
		tui.keys('Escape', 'q');
		await tui.waitForText('EXIT=0');
		assert.equal(postCount(location), 37);
	});
});
