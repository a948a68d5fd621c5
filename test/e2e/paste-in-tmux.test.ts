// runs once: pasted input never reaches the database, so a second engine would test the same thing again.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
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

		// One line of text without a line break (a line break is Enter until bracketed paste comes, issue 19): words,
		// so the box wraps it, and a multi-byte character, so chunks end inside characters too.
		const unit = 'paste é ';
		const text = unit.repeat(Math.ceil(1024 * 1024 / Buffer.byteLength(unit)));
		assert.ok(Buffer.byteLength(text) >= 1024 * 1024);
		const file = path.join(directory, 'paste.txt');
		writeFileSync(file, text);
		const buffer = `${tui.name}-paste`;
		execFileSync('tmux', ['load-buffer', '-b', buffer, file]);
		execFileSync('tmux', ['paste-buffer', '-d', '-b', buffer, '-t', tui.name]);
		const full = await tui.waitForText(`${draftCapacity}/140`, 60_000);
		assert.match(full, /the draft holds at most 340 characters: the rest was left out/);
		// A key after the paste acts. The deadline is generous for a loaded machine; how fast it comes is measured by
		// bench/paste.ts, not here.
		tui.keys('BSpace');
		const edited = await tui.waitForText(`${draftCapacity - 1}/140`);
		assert.doesNotMatch(edited, /holds at most/, 'the message goes with the next edit');
		// What is kept is the paste's beginning: the box shows its end, the last kept word less the deleted character,
		// with the terminal's cursor right after it.
		const kept = [...text].slice(0, draftCapacity - 1).join('');
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
