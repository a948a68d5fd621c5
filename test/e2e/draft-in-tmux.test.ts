// runs once: the draft file sits in the data directory, whichever engine the posts go to.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

/** python3 reads the drafts the data directory holds: [{database, draft}] (what another program sees on disk). */
function draftsOnDisk(data: string): Array<{database: string; draft: string}> {
	const script = [
		'import glob, json, os, sys',
		"files = sorted(glob.glob(os.path.join(sys.argv[1], 'microblog-tui', 'drafts', '*')))",
		'print(json.dumps([json.load(open(f)) for f in files]))',
	].join('\n');
	return JSON.parse(execFileSync('python3', ['-c', script, data], {encoding: 'utf8'})) as Array<{database: string; draft: string}>;
}

/*
 * Issue 19: Ctrl-C in the compose box quit and the draft was gone. A non-empty draft is now kept in the data
 * directory, one per database, and the next c offers it: after Ctrl-C, and after kill -9 while composing.
 */
describe('the draft survives Ctrl-C and kill -9 (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	it('is offered at the next c on the same database only, and goes once posted', async () => {
		const directory = tempDir();
		const data = tempDir();
		const database = path.join(directory, 'app.db');
		const other = path.join(directory, 'other.db');
		for (const file of [database, other]) {
			assert.equal((await runCli(['--migrate', '-d', file])).code, 0);
			assert.equal((await runCli(['--seed', '-d', file])).code, 0);
		}
		const start = async (file: string) => {
			const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${file} --user john; echo EXIT=$?; sleep 3`, {
				env: {TERM: 'xterm-256color', DATABASE_URL: '', XDG_DATA_HOME: data},
			});
			sessions.push(tui);
			await tui.signIn('john', 'microblog-demo');
			return tui;
		};

		let tui = await start(database);
		tui.keys('c');
		await tui.waitForText('0/140');
		tui.type('unsent words');
		await tui.waitForText('12/140');
		tui.keys('C-c');
		await tui.waitForText('EXIT=0');
		assert.deepEqual(draftsOnDisk(data), [{database, draft: 'unsent words'}]);

		// Another database: nothing offered.
		tui = await start(other);
		tui.keys('c');
		await tui.waitForText('0/140');
		tui.keys('C-c');
		await tui.waitForText('EXIT=0');

		tui = await start(database);
		tui.keys('c');
		const restored = await tui.waitForText('draft restored from the last session');
		assert.match(restored, /unsent words/);
		assert.match(restored, /12\/140/);
		tui.type(' more');
		// Written once typing pauses: then kill -9, which no handler sees.
		const started = Date.now();
		while (draftsOnDisk(data)[0]?.draft !== 'unsent words more') {
			assert.ok(Date.now() - started < 30_000, 'the draft reaches the disk');
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		const pid = execFileSync('pgrep', ['-P', tui.query('pane_pid')], {encoding: 'utf8'}).trim();
		process.kill(Number(pid), 'SIGKILL');
		await tui.waitForText('EXIT=137');

		tui = await start(database);
		tui.keys('c');
		await tui.waitForText('unsent words more');
		tui.keys('Enter');
		await tui.waitForText('1 of 37');
		assert.deepEqual(draftsOnDisk(data), [], 'posted: the draft file is gone');
		const body = execFileSync('sqlite3', [database, 'SELECT body FROM post ORDER BY id DESC LIMIT 1'], {encoding: 'utf8'}).trim();
		assert.equal(body, 'unsent words more');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});
});
