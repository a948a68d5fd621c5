import '../helpers/pin-env.js';
// The TUI over an adopted tutorial database's looser rows (loose-rows.ts), rendered by ink-testing-library: the Feed,
// the Post view, Users, a profile, the filter and the sign-in form show every row with its placeholders, page to the
// undated posts and back, and never let a name's escape sequence through.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {testEngine} from '../helpers/engine.js';
import {frame, keys, press, renderApp, selectedLine, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp} from '../helpers/tui.js';
import {sqlShell} from '../shared-database/foreign-clients.js';
import {looseTutorialDatabase} from './loose-rows.js';

// Made at the top level: the temp dir (or PostgreSQL database) it registers for removal lives until the file ends.
const made = await looseTutorialDatabase();
const total = made.postIds.length;

describe(`the TUI on an adopted tutorial database's looser rows (${testEngine})`, () => {
	let database: Database;
	let app: RenderedApp;

	before(async () => {
		database = await openDatabase(resolveDatabase(made.location), {mode: 'existing'});
		// 9 rows: a few list rows, so the undated posts at the end are pages away; 140 columns: the preview pane shows
		// (on by default there); refreshMs: live updates on.
		app = renderApp({database, height: 9, width: 140, refreshMs: 100});
		await waitForText(app, `1 of ${total}`);
	});

	after(async () => {
		app?.unmount();
		await database?.close();
	});

	it('the Feed lists every post: G reaches the undated posts, k steps back through all without a repeat, g returns', async () => {
		await press(app, 'G');
		await waitForText(app, `${total} of ${total}`);
		await waitForSelected(app, /susan +— +undated post /);
		await press(app, 'k');
		await waitForSelected(app, /\(no author\) +— +second undated /);
		const seen = new Set<string>();
		for (let index = total - 1; index >= 1; index--) {
			await waitForText(app, `${index} of ${total}`);
			seen.add(selectedLine(app)!);
			await press(app, 'k');
		}
		assert.equal(seen.size, total - 1, [...seen].join('\n'));
		assert.equal([...seen].filter(line => / \(empty\) /.test(line)).length, 2, 'the NULL body and the empty one show as (empty)');
		assert.ok([...seen].some(line => /\(no name\) +\S+ +by the nameless/.test(line)));
		await press(app, 'g');
		await waitForText(app, `1 of ${total}`);
		assert.doesNotMatch(frame(app), /\u001B\]|\u0007/);
	});

	it('the Post view shows (no time) and (no author), stepping through them', async () => {
		await press(app, 'G');
		await waitForText(app, `${total} of ${total}`);
		await press(app, keys.enter);
		await waitForText(app, /^ {2}undated post\s*$/m);
		assert.match(frame(app), /^\(no time\)\s*$/m);
		await press(app, 'k');
		await waitForText(app, /^ {2}second undated\s*$/m);
		assert.match(frame(app), /^\(no author\) +post #\d+/m);
		await press(app, 'u');
		await waitForText(app, 'this post has no author');
		await press(app, keys.escape);
		await waitForText(app, `${total - 1} of ${total}`);
		await press(app, 'g');
	});

	it("Users lists the nameless user as (no name); their profile opens and lists their post", async () => {
		await press(app, '2');
		await waitForText(app, /Users/);
		await press(app, 'G');
		await waitForSelected(app, /\(no name\) +\(none\)/);
		await press(app, keys.enter);
		await waitForText(app, 'Profile: (no name)');
		await waitForText(app, 'by the nameless');
		await press(app, keys.escape);
		await press(app, 'g');
		await waitForText(app, /Users · name A→Z · 1 of \d+ ·/);
		assert.match(frame(app), /evilred +no-at-sign/, 'the name without its escape sequences');
		assert.doesNotMatch(frame(app), /\u001B\]|\u0007/);
		await press(app, '1');
		await waitForText(app, `1 of ${total}`);
	});

	it('the filter never matches a NULL body; @ completion and @name skip NULL names', async () => {
		await press(app, '/', 'undated');
		await waitForText(app, 'of 2');
		// Esc keeps the selected row selected in the whole feed: wherever it is, g goes back to the top.
		await press(app, keys.escape);
		await waitForText(app, ` of ${total} ·`);
		await press(app, 'g');
		await waitForText(app, `1 of ${total}`);
		await press(app, '/', '@su');
		await waitForText(app, 'Tab: @susan');
		await press(app, keys.tab);
		await waitForText(app, 'filter: @susan');
		// susan's posts: the tutorial's three, the empty one, the undated one (and the long one on SQLite).
		const susans = made.posts.filter(post => post.user_id === made.users.find(user => user.username === 'susan')!.id).length + 2 + (made.ids.longPost === undefined ? 0 : 1);
		await waitForText(app, `1 of ${susans}`);
		await press(app, keys.escape);
		await waitForText(app, ` of ${total} ·`);
		await press(app, 'g');
		await waitForText(app, `1 of ${total}`);
	});

	it('signing in as (no name) says in one line that a user without a name cannot sign in', async () => {
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await press(app, '(no name)', keys.tab, 'anything', keys.enter);
		await waitForText(app, 'a user without a username cannot sign in');
		await press(app, keys.escape);
	});

	it('the preview pane shows (no time) and (empty) beside the list', async () => {
		await press(app, 'G');
		await waitForText(app, `${total} of ${total}`);
		await waitForText(app, /│ *\(no time\)/);
		const nullBody = made.posts.find(post => post.body === null)!.id;
		await press(app, 'g');
		await waitForText(app, `1 of ${total}`);
		// The newest post is one of the tutorial's; step to the NULL body and read the pane.
		for (let index = 1; index <= total && !/│ *\(empty\)/.test(frame(app)); index++) {
			await press(app, 'j');
			await waitForText(app, `${Math.min(index + 1, total)} of ${total}`);
		}
		assert.match(frame(app), /│ *\(empty\)/, `post ${nullBody}'s NULL body`);
		await press(app, 'g');
		await waitForText(app, `1 of ${total}`);
	});

	it('a post another program adds inside the list appears live, and the selection stays on the undated post', async () => {
		await press(app, 'G');
		await waitForSelected(app, /susan +— +undated post /);
		await sqlShell(made.location, `INSERT INTO post (body, "timestamp", user_id) SELECT 'live from the shell', '2026-01-07 00:00:00', id FROM "user" WHERE username = 'john'`);
		await waitForText(app, `${total + 1} of ${total + 1}`);
		assert.match(selectedLine(app)!, /susan +— +undated post /);
	});
});
