import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {runForeignClient} from '../helpers/foreign-client.js';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/** The Post view's body line: the post shown. */
async function waitForPost(app: RenderedApp, body: string): Promise<string> {
	return waitForText(app, new RegExp(`^ {2}${body}\\s*$`, 'm'));
}

describe('stepping through a list in the Post view (issue 19)', () => {
	let db: TestDatabase;
	let app: RenderedApp;
	let cyd: number;

	before(async () => {
		db = await makeDatabase();
		const amy = await seedUser('amy');
		cyd = await seedUser('cyd');
		// 80 posts by amy, a minute apart: "post 80" is the newest.
		await seedPosts(amy, 80, {endsAt: new Date(Date.now() - 3_600_000)});
		// cyd's posts come from another program: the sqlite3 shell or psql, with times as it writes them.
		await runForeignClient(
			db.file,
			[1, 2, 3].map(index => `INSERT INTO post (body, user_id, timestamp) VALUES ('cyd ${index}', ${cyd}, '2020-01-0${index} 10:00:00');`).join('\n'),
		);
		// 20 rows: 15 list rows, a page of 30 read at a time.
		app = renderApp({database: db.database});
		await waitForText(app, '1 of 83');
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	it('steps with j/k, n/p and ↓/↑, moving the Feed selection, so Esc returns to the post last read', async () => {
		await press(app, keys.enter);
		await waitForPost(app, 'post 80');
		await press(app, 'j');
		await waitForPost(app, 'post 79');
		await waitForText(app, /Post #\d+/);
		await press(app, 'n');
		await waitForPost(app, 'post 78');
		await press(app, keys.down);
		await waitForPost(app, 'post 77');
		await press(app, 'k');
		await waitForPost(app, 'post 78');
		await press(app, 'p');
		await waitForPost(app, 'post 79');
		await press(app, keys.up);
		await waitForPost(app, 'post 80');
		await press(app, 'j', 'j');
		await waitForPost(app, 'post 78');
		await press(app, keys.escape);
		await waitForText(app, 'Feed · newest first · 3 of 83');
		await waitForSelected(app, /post 78\s*$/);
	});

	it('steps past the rows the list has read: the keys wait for the next page, none is lost', async () => {
		await press(app, 'g', keys.enter);
		await waitForPost(app, 'post 80');
		// 45 steps in one chunk: the list holds 30 rows, so the later steps wait for its next pages.
		await press(app, 'j'.repeat(45));
		await waitForPost(app, 'post 35');
		await press(app, keys.escape);
		await waitForText(app, 'Feed · newest first · 46 of 83');
		await waitForSelected(app, /post 35\s*$/);
	});

	it('says so at either end, without wrapping round', async () => {
		await press(app, 'G', keys.enter);
		await waitForPost(app, 'cyd 1');
		await press(app, 'j');
		await waitForText(app, 'last post of the list');
		assert.match(frame(app), /^ {2}cyd 1\s*$/m);
		await press(app, 'k');
		await waitForPost(app, 'cyd 2');
		await press(app, keys.escape, 'g', keys.enter);
		await waitForPost(app, 'post 80');
		await press(app, 'k');
		await waitForText(app, 'first post of the list');
		assert.match(frame(app), /^ {2}post 80\s*$/m);
		await press(app, keys.escape);
		await waitForText(app, '1 of 83');
	});

	it("steps through a profile's posts and a filtered list, never leaving them", async () => {
		await press(app, 'G', 'u');
		await waitForText(app, 'Profile: cyd');
		await waitForText(app, '1 of 3');
		await press(app, keys.enter);
		await waitForPost(app, 'cyd 3');
		await press(app, 'n', 'n');
		await waitForPost(app, 'cyd 1');
		await press(app, 'n');
		await waitForText(app, 'last post of the list');
		await press(app, keys.escape);
		await waitForText(app, 'Profile: cyd');
		await waitForSelected(app, /cyd 1\s*$/);
		await press(app, keys.escape, 'g', '/');
		await press(app, 'post 1', keys.enter);
		await waitForText(app, 'filter: post 1');
		// post 19 … post 10, then post 1.
		// The filter's match is marked: «post 1»9.
		await waitForSelected(app, /«post 1»9\s*$/);
		await press(app, keys.enter);
		await waitForPost(app, 'post 19');
		await press(app, 'j');
		await waitForPost(app, 'post 18');
		await press(app, 'j'.repeat(9));
		await waitForPost(app, 'post 1');
		await press(app, 'j');
		await waitForText(app, 'last post of the list');
		await press(app, keys.escape);
		await waitForSelected(app, /«post 1»\s*$/);
	});
});
