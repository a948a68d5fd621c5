// runs once: suspending touches the terminal, not the database.
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

/*
 * Issue 19: Ctrl-Z was swallowed. It now suspends as vim, tig and lazygit do: the shell's screen and prompt come
 * back with bash's `[1]+ Stopped`, and `fg` redraws the whole frame and the keys act again.
 */
describe('Ctrl-Z and fg (tmux, an interactive bash)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	async function seeded(): Promise<string> {
		const database = path.join(tempDir(), 'app.db');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		return database;
	}

	it('suspends to the shell prompt and fg brings the screen back', async () => {
		const database = await seeded();
		const shell = new TmuxSession('bash --norc --noprofile -i', {env: {TERM: 'xterm-256color', DATABASE_URL: ''}});
		sessions.push(shell);
		shell.type("PS1='shell$ '");
		shell.keys('Enter');
		await shell.waitForText(/^shell\$\s*$/m);
		shell.type(`${process.execPath} ${cliPath} -d ${database}`);
		shell.keys('Enter');
		await shell.waitForText('1 of 36');
		shell.keys('j');
		await shell.waitForText('2 of 36');
		assert.equal(shell.query('alternate_on'), '1');

		shell.keys('C-z');
		const stopped = await shell.waitForText(/\[1\]\+\s+Stopped/);
		assert.equal(shell.query('alternate_on'), '0', 'the shell screen is back');
		assert.equal(shell.query('cursor_flag'), '1', 'the cursor shows');
		assert.match(stopped.trimEnd().split('\n').at(-1)!, /^shell\$$/, 'the prompt is the last line');
		// The shell reads lines again: the terminal is out of raw mode.
		shell.type('echo still-here');
		shell.keys('Enter');
		await shell.waitForText(/^still-here$/m);

		shell.type('fg');
		shell.keys('Enter');
		const back = await shell.waitForText('2 of 36');
		assert.equal(shell.query('alternate_on'), '1', 'the alternate screen again');
		assert.match(back.split('\n')[0]!, /Feed/, 'the whole frame is drawn, the header on the first row');
		assert.doesNotMatch(back, /still-here|shell\$/, 'nothing of the shell shows through');
		shell.keys('j');
		await shell.waitForText('3 of 36');

		shell.keys('q');
		await shell.waitFor(screen => /shell\$$/.test(screen.trimEnd()), 'the prompt after q');
		shell.type('echo EXIT=$?');
		shell.keys('Enter');
		await shell.waitForText('EXIT=0');
	});

	it('without job control (no interactive shell) it says so and keeps running', async () => {
		const database = await seeded();
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database}; echo EXIT=$?; sleep 3`, {env: {TERM: 'xterm-256color', DATABASE_URL: ''}});
		sessions.push(tui);
		await tui.waitForText('1 of 36');
		tui.keys('C-z');
		await tui.waitForText('Ctrl-Z: not suspended: no shell with job control started the app');
		assert.equal(tui.query('alternate_on'), '1');
		tui.keys('j');
		await tui.waitForText('2 of 36');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});
});
