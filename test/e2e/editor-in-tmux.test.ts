// runs once: the editor works on a temp file; the post it leads to is an ordinary post.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

/*
 * Issue 19: Ctrl-G in the compose box opens $EDITOR on the draft like `git commit`, with the TUI suspended around it,
 * and the file read back is the draft. The editor here is a script that shows a line on the shell's screen, waits
 * for a key (so the test sees the TUI gave the screen away), then appends to the file.
 */
describe('Ctrl-G: the draft in $EDITOR (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	it('hands the screen to the editor, takes it back drawn whole, and the edited draft posts', async () => {
		const directory = tempDir();
		const database = path.join(directory, 'app.db');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		const editor = path.join(directory, 'editor.sh');
		writeFileSync(editor, [
			'#!/bin/sh',
			'echo "EDITING $(wc -c < "$1") bytes"',
			// A line read from the terminal: the editor has it, not the TUI.
			'read answer',
			'printf "%s\\nfrom the editor\\n" "$answer" >> "$1"',
		].join('\n'));
		chmodSync(editor, 0o755);
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database} --user john; echo EXIT=$?; sleep 3`, {
			env: {TERM: 'xterm-256color', DATABASE_URL: '', EDITOR: editor, VISUAL: ''},
		});
		sessions.push(tui);
		await tui.signIn('john', 'microblog-demo');
		tui.keys('c');
		await tui.waitForText('0/140');
		tui.type('typed first');
		await tui.waitForText('11/140');
		tui.keys('C-g');
		// "typed first" and its newline: 12 bytes.
		await tui.waitForText('EDITING 12 bytes');
		assert.equal(tui.query('alternate_on'), '0', 'the editor has the shell screen');
		tui.type('answered');
		tui.keys('Enter');
		const back = await tui.waitForText('typed first answered from the editor');
		assert.equal(tui.query('alternate_on'), '1');
		assert.match(back, /36\/140/);
		assert.match(back.split('\n')[0]!, /Feed/, 'the whole frame is drawn again');
		assert.doesNotMatch(back, /EDITING/);
		tui.keys('Enter');
		await tui.waitForText('1 of 37');
		const body = execFileSync('sqlite3', [database, 'SELECT body FROM post ORDER BY id DESC LIMIT 1'], {encoding: 'utf8'}).trim();
		assert.equal(body, 'typed first answered from the editor');

		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});
});
