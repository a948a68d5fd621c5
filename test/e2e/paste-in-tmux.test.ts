// runs once: pasted input never reaches the database, so a second engine would test the same thing again.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {pasteAsLine} from '../../source/ui/input/bracketed-paste.js';
import {cliPath, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

/** How many characters a draft may hold at most: the post limit and the room beyond it (source/ui/compose/draft.ts). */
const draftCapacity = 140 + 200;

/*
 * A 1 MB paste into the compose box, in a real terminal: tmux writes it into the pane as fast as the app reads.
 * Before, every chunk of it was appended to the draft and the whole draft wrapped and drawn again, 29 s before the
 * screen settled, and the draft held the whole megabyte.
 */
describe('a 1 MB paste into the compose box (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	it('keeps the draft to its capacity, says so, and the next keys act', async () => {
		const directory = tempDir();
		const database = path.join(directory, 'app.db');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database} --user john; echo EXIT=$?; sleep 3`, {
			env: {TERM: 'xterm-256color', DATABASE_URL: ''},
		});
		sessions.push(tui);
		await tui.signIn('john', 'microblog-demo');
		tui.keys('c');
		await tui.waitForText('0/140');

		// Words over many lines, pasted bracketed (issue 19: a line break is a space, never Enter), so the box wraps
		// them, and a multi-byte character, so chunks end inside characters too.
		const unit = 'paste\né ';
		const text = unit.repeat(Math.ceil(1024 * 1024 / Buffer.byteLength(unit)));
		assert.ok(Buffer.byteLength(text) >= 1024 * 1024);
		const file = path.join(directory, 'paste.txt');
		writeFileSync(file, text);
		const buffer = `${tui.name}-paste`;
		execFileSync('tmux', ['load-buffer', '-b', buffer, file]);
		execFileSync('tmux', ['paste-buffer', '-p', '-d', '-b', buffer, '-t', tui.name]);
		const full = await tui.waitForText(`${draftCapacity}/140`, 60_000);
		assert.match(full, /the draft holds at most 340 characters: the rest was left out/);
		// A key after the paste acts. The deadline is generous for a loaded machine; how fast it comes is measured by
		// bench/paste.ts, not here.
		tui.keys('BSpace');
		const edited = await tui.waitForText(`${draftCapacity - 1}/140`);
		assert.doesNotMatch(edited, /holds at most/, 'the message goes with the next edit');
		// What is kept is the paste's beginning: the box shows its end, the last kept word less the deleted character,
		// with the terminal's cursor right after it.
		const kept = [...pasteAsLine(text)].slice(0, draftCapacity - 1).join('');
		const cursor = tui.cursor();
		assert.ok(edited.split('\n')[cursor.y]!.slice(0, cursor.x).endsWith(kept.split(' ').at(-1)!), `the end of the kept draft, ${JSON.stringify(kept.slice(-12))}, before the cursor at ${cursor.x},${cursor.y}:\n${edited}`);

		// Keys go on acting at once: Esc closes the box, c opens it again with the same capped draft.
		tui.keys('Escape');
		await tui.waitFor(screen => !screen.includes('New post'), 'the compose box to close');
		tui.keys('c');
		await tui.waitForText(`${draftCapacity - 1}/140`);
		// Typing fills the draft to capacity and no further; backspace still deletes.
		tui.type('xyz');
		const capped = await tui.waitForText(`${draftCapacity}/140`);
		const end = tui.cursor();
		assert.ok(capped.split('\n')[end.y]!.slice(0, end.x).endsWith('x'), `x before the cursor at ${end.x},${end.y}:\n${capped}`);
		tui.keys('BSpace', 'BSpace');
		await tui.waitForText(`${draftCapacity - 2}/140`);
		tui.keys('Escape');
		await tui.waitFor(screen => !screen.includes('New post'), 'the compose box to close');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});
});

/** Pastes `text` into the pane as a terminal does for an app that asked for bracketed paste (tmux checks that it did). */
function pasteInto(tui: TmuxSession, text: string): void {
	const buffer = `${tui.name}-p`;
	execFileSync('tmux', ['set-buffer', '-b', buffer, text]);
	execFileSync('tmux', ['paste-buffer', '-p', '-d', '-b', buffer, '-t', tui.name]);
}

/*
 * Issue 19: three pasted lines posted the first at once and lost the rest, and a paste over the feed ran its letters
 * as commands. Bracketed paste is on while the TUI draws and off again however it ends: `cat -v` run after it shows
 * whether the terminal still brackets pastes (it would show ^[[200~).
 */
describe('bracketed paste in a real terminal (tmux)', () => {
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

	function start(database: string, user = ''): TmuxSession {
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database}${user ? ` --user ${user}` : ''}; echo EXIT=$?; exec cat -v`, {
			env: {TERM: 'xterm-256color', DATABASE_URL: ''},
		});
		sessions.push(tui);
		return tui;
	}

	async function probeAfterExit(tui: TmuxSession): Promise<void> {
		await tui.waitForText(/EXIT=\d+/);
		pasteInto(tui, 'probe');
		const after = await tui.waitForText('probe');
		assert.doesNotMatch(after, /\^\[\[20[01]~/, 'bracketed paste is off again');
	}

	it('three pasted lines are one line of the draft; a paste over the feed is ignored; q turns the mode off', async () => {
		const database = await seeded();
		const tui = start(database, 'john');
		await tui.signIn('john', 'microblog-demo');
		await tui.waitForText('1 of 36');
		pasteInto(tui, 'sSq\njj');
		await tui.waitForText('paste ignored: no text field is open (c composes, / filters)');
		assert.match(tui.screen(), /newest first · 1 of 36/, 'no command ran');
		tui.keys('c');
		await tui.waitForText('0/140');
		pasteInto(tui, 'one\ntwo\nthree');
		const draft = await tui.waitForText('one two three');
		assert.match(draft, /13\/140/);
		assert.match(draft, /New post/, 'still composing: no line was Enter');
		tui.keys('Enter');
		await tui.waitForText('1 of 37');
		// sqlite3, not our code, reads what was posted.
		const body = execFileSync('sqlite3', [database, 'SELECT body FROM post ORDER BY id DESC LIMIT 1'], {encoding: 'utf8'}).trim();
		assert.equal(body, 'one two three');
		tui.keys('q');
		await probeAfterExit(tui);
	});

	for (const way of ['Ctrl-C', 'SIGTERM', 'SIGHUP'] as const) {
		it(`${way} turns bracketed paste off too`, async () => {
			const database = await seeded();
			const tui = start(database);
			await tui.waitForText('1 of 36');
			if (way === 'Ctrl-C') {
				tui.keys('C-c');
			} else {
				const shell = tui.query('pane_pid');
				const pid = execFileSync('pgrep', ['-P', shell], {encoding: 'utf8'}).trim();
				process.kill(Number(pid), way);
			}
			await probeAfterExit(tui);
		});
	}
});
