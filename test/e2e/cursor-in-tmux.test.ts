// sqlite-only: the post is read back with the sqlite3 shell; the cursor is drawn the same on either engine.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxSession} from './tmux-session.js';

function sqlite(database: string, sql: string): string {
	return execFileSync('sqlite3', [database, sql], {encoding: 'utf8'}).trim();
}

/** The row of the screen whose text starts with `start` (after blanks). */
function rowOf(screen: string, start: string): number {
	const row = screen.split('\n').findIndex(line => line.trimStart().startsWith(start));
	assert.ok(row >= 0, `no row starting with ${start}:\n${screen}`);
	return row;
}

/*
 * The real terminal cursor at the insertion point (issue 19): an input method draws its candidates where the
 * terminal's cursor is. Before, the cursor was hidden and a block was drawn at the end of the text: candidates
 * appeared at the bottom of the screen, and editing mid-text was impossible.
 */
describe('the terminal cursor at the insertion point (tmux)', () => {
	const sessions: TmuxSession[] = [];
	after(() => {
		for (const session of sessions) {
			session.kill();
		}
	});

	async function start(): Promise<{tui: TmuxSession; database: string}> {
		const database = path.join(tempDir(), 'app.db');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		assert.equal((await runCli(['--seed', '-d', database])).code, 0);
		const tui = new TmuxSession(`${process.execPath} ${cliPath} -d ${database} --user john; echo EXIT=$?; sleep 3`, {
			env: {TERM: 'xterm-256color', DATABASE_URL: ''},
		});
		sessions.push(tui);
		await tui.signIn('john', 'microblog-demo');
		return {tui, database};
	}

	async function cursorAt(tui: TmuxSession, x: number, y: number, what: string): Promise<void> {
		const deadline = Date.now() + 30_000;
		let seen = tui.cursor();
		while (Date.now() < deadline) {
			seen = tui.cursor();
			if (seen.visible && seen.x === x && seen.y === y) {
				return;
			}
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		assert.fail(`${what}: the cursor is at ${seen.x},${seen.y}${seen.visible ? '' : ' (hidden)'}, not ${x},${y}:\n${tui.screen()}`);
	}

	it('follows typing, ← and CJK (two cells each) in the compose box, wraps to the next row, and the post edited mid-text is stored as shown', async () => {
		const {tui, database} = await start();
		assert.equal(tui.cursor().visible, false, 'no field has focus: the cursor is hidden');
		tui.keys('c');
		const box = await tui.waitForText('0/140');
		const row = rowOf(box, 'New post') + 1;
		// The draft is drawn two cells in.
		await cursorAt(tui, 2, row, 'the empty draft');
		tui.type('hello');
		await cursorAt(tui, 7, row, 'after typing ASCII');
		tui.keys('Left', 'Left');
		await cursorAt(tui, 5, row, 'after moving left twice');
		tui.type('日本');
		await tui.waitForText('hel日本lo');
		await cursorAt(tui, 9, row, 'after two CJK characters, two cells each');
		tui.keys('End');
		tui.type(' world');
		// hel日本lo world: 13 characters, 15 cells.
		await cursorAt(tui, 2 + 15, row, 'at the end again');

		// A draft longer than the box is wide goes on the next row, and so does the cursor (98 cells a row at 100 columns).
		tui.keys('C-a', 'C-k');
		await tui.waitForText('0/140');
		tui.type(`${'x'.repeat(98)}yz`);
		await tui.waitForText('100/140');
		await cursorAt(tui, 4, row + 1, 'on the wrapped row');
		tui.keys('C-u');
		await tui.waitForText('0/140');

		// Typed in the middle and mended: what is posted is what the box showed.
		tui.type('fixed in the midle');
		tui.keys('Left', 'Left');
		tui.type('d');
		tui.keys('Home');
		tui.type('I ');
		await tui.waitForText('I fixed in the middle');
		await cursorAt(tui, 4, row, 'after Home and typing');
		tui.keys('Enter');
		await tui.waitForText('posted');
		await tui.waitFor(() => !tui.cursor().visible, 'the box closed: the cursor hidden again');
		assert.equal(sqlite(database, 'SELECT body FROM post ORDER BY id DESC LIMIT 1'), 'I fixed in the middle');

		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});

	it('is at the insertion point of the filter prompt and of a form field, and stays through the SQL pane’s frames', async () => {
		const {tui, database} = await start();
		tui.keys('/');
		const prompt = 'filter (text or @name, Enter keeps, Esc clears): ';
		const filter = rowOf(await tui.waitForText('filter (text or @name'), 'filter (');
		await cursorAt(tui, prompt.length, filter, 'the empty filter');
		tui.type('東京x');
		tui.keys('Left');
		await cursorAt(tui, prompt.length + 4, filter, 'the filter, before the x');
		tui.keys('Escape');
		await tui.waitFor(screen => !screen.includes('filter ('), 'the prompt to close');

		tui.keys('a', 'o');
		await tui.waitForText('signed out john');
		tui.keys('a', 's');
		const form = rowOf(await tui.waitForText('Sign in'), '› username:');
		const label = '› username: ';
		await cursorAt(tui, label.length, form, 'the empty username');
		tui.type('jhn');
		tui.keys('C-a', 'Right');
		tui.type('o');
		await tui.waitForText('› username: john');
		await cursorAt(tui, label.length + 2, form, 'the username, after the mended letter');
		tui.keys('Tab');
		tui.type('microblog-demo');
		tui.keys('Enter');
		await tui.waitForText('signed in as john');

		// The SQL pane draws frames of its own as statements run: the cursor stays in the compose box through them.
		tui.keys('`');
		await tui.waitForText('SQL ·');
		tui.keys('c');
		const row = rowOf(await tui.waitForText('0/140'), 'New post') + 1;
		tui.type('abc');
		await cursorAt(tui, 5, row, 'the draft with the SQL pane open');
		const before = tui.screen().match(/SQL · ([\d,]+) statements? run/)?.[1];
		sqlite(database, "INSERT INTO post (body, timestamp, user_id) VALUES ('from the shell', '2026-12-01 21:52:04', 1)");
		await tui.waitFor(screen => screen.match(/SQL · ([\d,]+) statements? run/)?.[1] !== before, 'statements of the live update in the pane');
		await cursorAt(tui, 5, row, 'the draft after the pane drew new statements');
		tui.keys('Escape');
		tui.keys('q');
		await tui.waitForText('EXIT=0');
	});
});
