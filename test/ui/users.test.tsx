import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, testPassword, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

describe('users and profiles', () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		const hour = 3_600_000;
		const amy = await seedUser('amy');
		const ben = await seedUser('ben');
		await seedUser('cyd');
		await seedPosts(amy, 2, {body: index => `amy ${index + 1}`, endsAt: new Date(Date.now() - 2 * hour)});
		await seedPosts(ben, 25, {body: index => `ben ${index + 1}`, endsAt: new Date(Date.now() - hour)});
		app = renderApp({database: db.database, color: true});
		await waitForText(app, '1 of 27');
		await press(app, '2');
		await waitForText(app, 'Users · name A→Z · 1 of 3');
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	it('lists users with email, post count and latest post, in both sorts and directions', async () => {
		await waitForSelected(app, /amy +amy@example\.com +2 +2h/);
		assert.match(frame(app), /cyd +cyd@example\.com +0 +—/);
		await press(app, 'S');
		await waitForText(app, 'name Z→A');
		await waitForSelected(app, /cyd/);
		// s keeps the reversed direction (issue 19); S turns it back.
		await press(app, 's');
		await waitForText(app, 'latest post last');
		await press(app, 'S');
		await waitForText(app, 'latest post first');
		await press(app, 'g');
		await waitForSelected(app, /ben/);
		await press(app, 'G');
		await waitForSelected(app, /cyd/);
		await press(app, 'S');
		await waitForText(app, 'latest post last');
		await waitForSelected(app, /cyd/);
		await press(app, 'j');
		await waitForSelected(app, /amy/);
		await press(app, 's');
		await waitForText(app, 'name Z→A · 1 of 3');
		await press(app, 'S');
		await waitForText(app, 'name A→Z');
	});

	it('opens a profile with its posts, sorts and filters them, and goes back', async () => {
		await press(app, 'j', keys.enter);
		await waitForText(app, 'Profile: ben');
		await waitForText(app, '25 posts · latest 1h ago');
		await waitForText(app, '1 of 25');
		await waitForSelected(app, /ben 25/);
		await press(app, keys.pageDown);
		await waitForText(app, /\d+ of 25/);
		await press(app, 'S');
		await waitForText(app, 'oldest first');
		await waitForSelected(app, /ben 1\s*$/);
		await press(app, '/', 'ben 2', keys.enter);
		await waitForText(app, '1 of 7');
		// Issue 19: Esc clears the filter and keeps the selected post (ben 2, the first match oldest first) selected.
		await press(app, keys.escape);
		await waitForText(app, '2 of 25');
		await waitForSelected(app, /ben 2\s*$/);
		await press(app, keys.enter);
		await waitForText(app, 'Post #');
		await press(app, keys.escape);
		await waitForText(app, 'Profile: ben');
		await press(app, keys.escape);
		await waitForText(app, 'Users · name A→Z · 2 of 3');
	});

	it('colours the compose counter near the limit when colour is on', async () => {
		await press(app, 'c');
		await waitForText(app, 'Sign in');
		await press(app, 'amy', keys.enter, testPassword, keys.enter);
		await waitForText(app, '0/140');
		await press(app, 'y'.repeat(125));
		// Yellow (SGR 33) near the limit, red (31) over it.
		await waitForText(app, '\u001B[33m125/140');
		await press(app, 'y'.repeat(20));
		await waitForText(app, '\u001B[31m145/140');
		await press(app, keys.escape);
	});
});
