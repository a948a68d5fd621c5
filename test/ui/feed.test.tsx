import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

describe('feed view', () => {
	let db: TestDatabase;
	let app: RenderedApp | undefined;

	before(async () => {
		db = await makeDatabase();
		const alice = await seedUser('alice');
		const bob = await seedUser('bob');
		// 60 posts alternating authors, newest is "post 60".
		await seedPosts(alice, 30, {body: index => `post ${index * 2 + 1}`, endsAt: new Date(Date.now() - 30_000)});
		await seedPosts(bob, 30, {body: index => `post ${index * 2 + 2}`});
	});

	after(async () => {
		app?.unmount();
		await db.close();
	});

	it('shows the newest posts first with a status bar', async () => {
		app = renderApp({database: db.database});
		await waitForText(app, 'post 60');
		await waitForSelected(app, /bob .* post 60/);
		// The first page is drawn before the count arrives; the status bar then shows it.
		const shown = await waitForText(app, 'Feed · newest first · 1 of 60 ·');
		assert.match(shown, /not signed in · \? help/);
	});

	it('moves, pages and jumps', async () => {
		assert.ok(app);
		await press(app, keys.down);
		await waitForText(app, '2 of 60');
		await waitForSelected(app, /post 59/);
		await press(app, 'j', 'j');
		await waitForText(app, '4 of 60');
		await press(app, 'k');
		await waitForText(app, '3 of 60');
		await press(app, keys.up);
		await waitForText(app, '2 of 60');
		await press(app, keys.pageDown);
		await waitForText(app, /\d+ of 60/);
		await press(app, 'G');
		await waitForText(app, '60 of 60');
		await waitForSelected(app, /post 1\s*$/);
		await press(app, 'g');
		await waitForText(app, '1 of 60');
		await press(app, keys.end);
		await waitForText(app, '60 of 60');
		await press(app, keys.home);
		await waitForText(app, '1 of 60');
	});

	it('pages by a screen with PgDn/PgUp and Ctrl-D/Ctrl-U, rendering only the visible rows', async () => {
		assert.ok(app);
		// 20 rows: tabs, column heading, 15 list rows, hint, status; the root is one row shorter than the terminal.
		assert.equal(frame(app).split('\n').length, 19);
		await press(app, keys.pageDown);
		await waitForText(app, '16 of 60');
		await waitForSelected(app, /post 45\s*$/);
		assert.ok(!frame(app).includes('post 60'), 'rows above the window are not rendered');
		await press(app, keys.ctrlD);
		await waitForText(app, '31 of 60');
		await press(app, keys.ctrlU);
		await waitForText(app, '16 of 60');
		await press(app, keys.pageUp);
		await waitForText(app, '1 of 60');
	});

	it('sorts by author and reverses both sorts', async () => {
		assert.ok(app);
		await press(app, 's');
		await waitForText(app, 'author A→Z');
		await waitForSelected(app, /alice .* post 59/);
		await press(app, 'S');
		await waitForText(app, 'author Z→A');
		// The exact mirror: the last of bob's posts, oldest first.
		await waitForSelected(app, /bob .* post 2\s*$/);
		// s keeps the direction S chose (issue 19).
		await press(app, 's');
		await waitForText(app, 'oldest first');
		await press(app, 'S');
		await waitForText(app, 'newest first');
		await press(app, 'S');
		await waitForText(app, 'oldest first');
		await waitForSelected(app, /alice .* post 1\s*$/);
		await press(app, 'S');
		await waitForText(app, 'newest first');
		await waitForSelected(app, /post 60/);
	});

	it('filters by text and by @author; Esc clears', async () => {
		assert.ok(app);
		await press(app, '/');
		await waitForText(app, 'filter (text or @name');
		await press(app, 'post 1');
		await press(app, keys.enter);
		// post 1, post 10-19
		await waitForText(app, '1 of 11');
		assert.match(frame(app), /filter: post 1/);
		// Issue 19: clearing the filter keeps the selected post (post 19, the newest match) selected, in the whole feed.
		await press(app, keys.escape);
		await waitForText(app, '42 of 60');
		await waitForSelected(app, /post 19\s*$/);
		await press(app, keys.home);
		await waitForText(app, '1 of 60');
		await press(app, '/', '@bobx', keys.backspace, keys.enter);
		await waitForText(app, '1 of 30');
		assert.ok(!frame(app).includes('alice'));
		await press(app, '/', keys.escape);
		await waitForText(app, '1 of 60');
		await press(app, '/', 'no such text', keys.enter);
		await waitForText(app, 'No posts match "no such text". Esc clears the filter.');
		await press(app, keys.escape);
		await waitForText(app, '1 of 60');
	});

	it('opens a post with Enter and its author with u, and goes back with Esc and q', async () => {
		assert.ok(app);
		await press(app, keys.down, keys.enter);
		const post = await waitForText(app, 'Post #');
		assert.match(post, /alice {2}post #\d+/);
		assert.match(post, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d/);
		assert.match(post, / {2}post 59/);
		await press(app, 'u');
		await waitForText(app, 'Profile: alice');
		await waitForText(app, '30 posts');
		await waitForText(app, '1 of 30');
		await press(app, keys.escape);
		await waitForText(app, 'Post #');
		await press(app, 'q');
		await waitForText(app, '2 of 60');
		await press(app, 'u');
		await waitForText(app, 'Profile: alice');
		await press(app, 'q');
		await waitForText(app, '2 of 60');
		assert.equal(app.quits(), 0);
	});

	it('switches between Feed and Users with Tab, 1 and 2', async () => {
		assert.ok(app);
		await press(app, keys.tab);
		await waitForText(app, 'Users · name A→Z · 1 of 2');
		await press(app, keys.tab);
		await waitForText(app, 'Feed · newest first');
		await press(app, '2');
		await waitForText(app, 'Users · name A→Z');
		await press(app, '1');
		await waitForText(app, 'Feed · newest first · 2 of 60');
	});

	it('shows a help overlay with every key of the view', async () => {
		assert.ok(app);
		await press(app, '?');
		const help = await waitForText(app, 'Keys — Feed');
		for (const key of ['k/j', 'PgUp/PgDn', 'Ctrl-U/Ctrl-D', 'g/Home', 'G/End', 'Tab', 'Enter', 'u ', 's  S', '/', 'c ', 'd ', 'a ', '?', 'Esc  q', 'Ctrl-C']) {
			assert.ok(help.includes(key), `help lists ${key}`);
		}
		await press(app, '?');
		await waitForText(app, '2 of 60');
		await press(app, '2', '?');
		await waitForText(app, 'Keys — Users');
		await press(app, keys.escape, '1');
		await waitForText(app, 'Feed · newest first');
	});

	it('quits with q on the top view and with Ctrl-C anywhere', async () => {
		app?.unmount();
		app = renderApp({database: db.database});
		await waitForText(app, '1 of 60');
		await press(app, 'q');
		assert.equal(app.quits(), 1);
		app.unmount();
		app = renderApp({database: db.database});
		await waitForText(app, '1 of 60');
		await press(app, keys.enter);
		await waitForText(app, 'Post #');
		await press(app, keys.ctrlC);
		assert.equal(app.quits(), 1);
	});
});
