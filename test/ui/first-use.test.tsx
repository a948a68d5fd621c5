import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import stringWidth from 'string-width';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, selectedLine, testPassword, waitFor, waitForGone, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/** Cells as a terminal that does not join emoji sequences draws them (tmux 3.3: 👍🏽 is four cells). */
function widestCells(line: string): number {
	let width = 0;
	for (const codePoint of line) {
		width += stringWidth(codePoint);
	}
	return width;
}

const stripSgr = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '');

// Defects found driving the built binary in tmux, each pinned here on the real <App> over a real SQLite file.
describe('first use: keys, hints and layout', () => {
	let db: TestDatabase;
	let app: RenderedApp | undefined;

	before(async () => {
		db = await makeDatabase();
		const alice = await seedUser('alice');
		const bob = await seedUser('bob');
		await seedPosts(alice, 30, {body: index => `alice ${index + 1}`, endsAt: new Date(Date.now() - 30_000)});
		await seedPosts(bob, 30, {body: index => `bob ${index + 1}`});
	});

	after(async () => {
		app?.unmount();
		await db.close();
	});

	it('keeps keys typed while the list reloads after a sort or a filter change', async () => {
		app = renderApp({database: db.database});
		await waitForText(app, '1 of 60');
		// One chunk: every j arrives before the re-sorted list has loaded.
		await press(app, 'sjj');
		await waitForText(app, 'author A→Z · 3 of 60');
		await waitForSelected(app, /alice .* alice 28\s*$/);
		await press(app, 's');
		await waitForText(app, 'newest first · 1 of 60');
		await press(app, '/@bob\rjjj');
		await waitForText(app, 'newest first · 4 of 30');
		// Issue 19: the @name's match is marked in the author column («bob» without colour).
		await waitForSelected(app, /«bob» .* bob 27\s*$/);
		// Issue 19: Esc clears the filter and keeps bob 27 selected, now in the whole feed.
		await press(app, keys.escape);
		await waitForText(app, '7 of 60');
		await press(app, keys.home);
		await waitForText(app, '1 of 60');
	});

	it('handles Enter, Tab and Esc typed in the same chunk as other keys', async () => {
		assert.ok(app);
		await press(app, 'jj\r');
		const post = await waitForText(app, 'Post #');
		// Newest first, the authors interleave: bob 30, alice 30, bob 29.
		assert.match(post, / {2}bob 29\n/);
		await press(app, 'q\t');
		await waitForText(app, 'Users · name A→Z');
		await press(app, '1');
		await waitForText(app, 'Feed · newest first · 3 of 60');
	});

	it('opens the selected post after a jump to a page not loaded yet', async () => {
		assert.ok(app);
		await press(app, 'G\r');
		const post = await waitForText(app, 'Post #');
		assert.match(post, / {2}alice 1\n/);
		await press(app, 'q', 'g');
		await waitForText(app, '1 of 60');
	});

	it('shows the open form’s keys on the hint line, not the view’s', async () => {
		assert.ok(app);
		const viewHint = 'Enter open · u author';
		assert.ok(frame(app).includes(viewHint));
		await press(app, 'a');
		await waitForText(app, 's sign in · r register · Esc closes');
		assert.ok(!frame(app).includes(viewHint));
		await press(app, 's');
		await waitForText(app, 'Enter next / submit · Tab or ↑↓ move · Esc cancels');
		assert.ok(!frame(app).includes(viewHint));
		await press(app, keys.escape, '?');
		await waitForText(app, 'any key closes the help');
		assert.ok(!frame(app).includes(viewHint));
		await press(app, keys.escape);
		await waitForText(app, viewHint);
	});

	it('empties the password after a failed sign-in and the passwords after a mismatch', async () => {
		assert.ok(app);
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await press(app, 'alice', keys.enter, 'wrong password', keys.enter);
		await waitForText(app, 'wrong username or password');
		assert.match(frame(app), /› password: *\n/);
		await press(app, testPassword, keys.enter);
		await waitForText(app, 'signed in as alice');
		await press(app, 'a', 'o');
		await waitForText(app, 'signed out alice');
		await press(app, 'a', 'r');
		await waitForText(app, 'Register a new account');
		for (const value of ['dave', 'dave@example.com', 'password1', 'password2']) {
			await press(app, value, keys.enter);
		}
		await waitForText(app, 'the passwords do not match');
		const form = frame(app);
		assert.match(form, /username: +dave\n/);
		assert.match(form, /› password: *\n/);
		assert.match(form, / {2}password again: *\n/);
		await press(app, keys.escape);
		await waitForGone(app, 'Register a new account');
	});

	it('says how long ago a post was written in the post view', async () => {
		assert.ok(app);
		await press(app, 'G', keys.enter);
		await waitForText(app, /\(\d+m ago\)/);
		await press(app, 'q', 'g');
		await waitForText(app, '1 of 60');
	});

	it('keeps the position on the status bar of a narrow terminal, giving up the sort first', async () => {
		for (const [width, expected] of [
			[44, / Feed · 1 of 60 · not signed in · \? help/],
			[34, / 1 of 60 · not signed in · \? help/],
		] as const) {
			app?.unmount();
			app = renderApp({database: db.database, width, height: 10});
			const shown = await waitForText(app, '1 of 60');
			const status = shown.split('\n').at(-1)!;
			assert.match(status, expected);
			assert.ok(status.length < width, `status bar leaves the last column free: ${status}`);
		}
	});

	it('says what size it needs when the terminal is too small, and only q acts', async () => {
		app?.unmount();
		app = renderApp({database: db.database, width: 20, height: 5});
		const shown = await waitForText(app, 'Terminal too small');
		assert.ok(shown.split('\n').every(line => line.length <= 20 && !line.startsWith(' ')), 'wrapped to the width');
		assert.match(shown.replace(/\s+/g, ' '), /Terminal too small: 20×5\. Make it at least 30×8, or press q to quit\./);
		await press(app, 'c', 'j');
		assert.equal(app.quits(), 0);
		await press(app, 'q');
		await waitFor(() => app!.quits() === 1, {what: 'q to quit'});
	});

	it('cuts the too-small message at the bottom when it wraps to more lines than there are rows', async () => {
		app?.unmount();
		// One column, 12 rows: 11 rows for a message of over 60 characters, one a line.
		app = renderApp({database: db.database, width: 1, height: 12});
		const shown = await waitForText(app, 'T');
		assert.equal(shown.split('\n').map(line => line.trim()).join(''), 'Terminaltoo', 'the start of the message, every character in order');
	});

	it('never lets an emoji sequence push a full-width row past the edge', async () => {
		const carol = await seedUser('carol');
		await seedPosts(carol, 1, {body: () => `${'thumbs 👍🏽 and 👨‍💻 '.repeat(7)}end`, endsAt: new Date(Date.now() + 60_000)});
		app?.unmount();
		app = renderApp({database: db.database, color: true});
		await waitFor(() => selectedLine(app!)?.includes('carol'), {what: 'the emoji post selected'});
		for (const line of stripSgr(frame(app)).split('\n')) {
			assert.ok(widestCells(line) <= 80, `row fits 80 cells however the terminal draws emoji: ${line}`);
		}
		await press(app, keys.enter);
		await waitForText(app, 'Post #');
		for (const line of stripSgr(frame(app)).split('\n')) {
			assert.ok(widestCells(line) <= 80, `wrapped line fits 80 cells: ${line}`);
		}
	});

	it('scrolls a help overlay taller than the terminal instead of losing its last keys', async () => {
		app?.unmount();
		app = renderApp({database: db.database, width: 60, height: 15});
		await waitForText(app, '1 of 61');
		await press(app, '?');
		const top = await waitForText(app, /Keys — Feed \(\d+\/\d+, j\/k scroll, other keys close\)/);
		assert.match(top, /k\/j +move selection/);
		assert.ok(!top.includes('Ctrl-C'));
		await press(app, 'G');
		const bottom = await waitForText(app, 'Ctrl-C');
		assert.match(bottom, /Esc {2}q +back; q on the top view quits/);
		await press(app, 'k');
		await waitForGone(app, 'Ctrl-C');
		await press(app, 'x');
		await waitForGone(app, 'Keys — Feed');
		assert.equal(app.quits(), 0);
	});

	it('quits on a Ctrl-C that arrives in the same chunk as other keys', async () => {
		app?.unmount();
		app = renderApp({database: db.database});
		await waitForText(app, '1 of 61');
		await press(app, 'j\u0003');
		await waitFor(() => app!.quits() === 1, {what: 'Ctrl-C to quit'});
	});
});
