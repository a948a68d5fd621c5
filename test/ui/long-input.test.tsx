import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {frame, keys, makeDatabase, press, renderSignedIn, seedPosts, seedUser, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/** A megabyte of one line of words, written the way a terminal hands it over: in chunks of 4 KiB. */
const megabyte = ' paste é'.repeat(Math.ceil(1024 * 1024 / Buffer.byteLength(' paste é')));

async function paste(app: RenderedApp, text: string): Promise<void> {
	for (let offset = 0; offset < text.length; offset += 4096) {
		app.stdin.write(text.slice(offset, offset + 4096));
	}
	await new Promise(resolve => setImmediate(resolve));
}

/*
 * Every text field takes at most its capacity, whatever arrives, and says that the rest was left out (issue 17;
 * test/e2e/paste-in-tmux.test.ts does the compose box in a real terminal and bench/paste.ts measures it). Before,
 * each held all of it: a megabyte in the compose box took 39 s to settle in a terminal.
 */
describe('a megabyte pasted into the text fields', () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		const carol = await seedUser('carol');
		await seedPosts(carol, 3, {body: index => `carol says ${index + 1}`});
		app = await renderSignedIn({database: db.database, initialUser: 'carol', width: 100, height: 24});
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	it('the compose box keeps 340 characters, says so, and Backspace and Esc act', async () => {
		await press(app, 'c');
		await waitForText(app, '0/140');
		await paste(app, megabyte);
		// 340 with the leading space, which the count (of the trimmed text) leaves out.
		const full = await waitForText(app, '339/140');
		assert.match(full, /the draft holds at most 340 characters: the rest was left out/);
		await press(app, keys.backspace);
		await waitForText(app, '338/140');
		await press(app, keys.escape);
		await waitForText(app, '1 of 3');
		await press(app, 'c');
		await waitForText(app, '338/140');
		// Over the limit, the post is refused and the draft kept, as for any over-long draft.
		await press(app, keys.enter);
		await waitForText(app, 'a post is at most 140 characters (this one has 338)');
		await press(app, keys.escape);
	});

	it('the filter keeps 340 characters, says so, and applies them', async () => {
		await press(app, '/');
		await waitForText(app, 'filter (text or @name');
		await paste(app, megabyte);
		await waitForText(app, 'the filter holds at most 340 characters: the rest was left out');
		await press(app, keys.enter);
		const applied = await waitForText(app, 'No posts match');
		assert.ok(!applied.includes('carol says'), applied);
		await press(app, keys.escape);
		await waitForText(app, '1 of 3');
	});

	it('a form field keeps 1,024 characters and says so', async () => {
		await press(app, 'a');
		await waitForText(app, 'o sign out');
		await press(app, 'o');
		await waitForText(app, 'signed out carol');
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await paste(app, megabyte);
		await waitForText(app, 'the field holds at most 1024 characters: the rest was left out');
		await press(app, keys.escape);
		await waitForText(app, 'not signed in');
		assert.doesNotMatch(frame(app), /holds at most/);
	});
});
