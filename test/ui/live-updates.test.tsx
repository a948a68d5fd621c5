// runs once: SQLite always; the same two-process test on PostgreSQL only when TEST_DATABASE_URL is set.
import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {spawnScript} from '../helpers/spawn-script.js';
import {frame, keys, makeDatabase, makePostgresDatabase, press, renderApp, seedPosts, seedUser, selectedLine, waitForGone, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';
import {testDatabaseUrl} from '../helpers/postgres.js';

/** Process B: writes through the store in a Node process of its own, and must succeed. */
async function otherProcess(script: string, args: string[]): Promise<number> {
	const result = await spawnScript(script, args).done;
	assert.equal(result.code, 0, `${script}: ${result.stdout}${result.stderr}`);
	return performance.now();
}

const composeElsewhere = (db: TestDatabase, username: string) => otherProcess('test/fixtures/compose-writer.ts', [db.file, username, '1']);
const deleteElsewhere = (db: TestDatabase, username: string, postId: number) =>
	otherProcess('test/ui/fixtures/delete-writer.ts', [db.file, username, String(postId)]);

/** The list's rows on screen (under the tab line and the column heading, above the message line and status bar). */
function listLines(app: RenderedApp): string[] {
	return frame(app).split('\n').slice(2, 17);
}

async function within2s(app: RenderedApp, text: string, since: number): Promise<void> {
	await waitForText(app, text, 2000);
	const elapsed = performance.now() - since;
	assert.ok(elapsed < 2000, `shown ${Math.round(elapsed)} ms after the write`);
}

/** Issue 5's test: B writes, A's frame shows the post within 2 s, and A's selection has not moved. */
async function twoProcessCompose(db: TestDatabase, total: number): Promise<RenderedApp> {
	const app = renderApp({database: db.database, refreshMs: 100});
	await waitForText(app, `1 of ${total}`);
	await press(app, keys.down, keys.down);
	await waitForText(app, `3 of ${total}`);
	const selected = selectedLine(app);
	assert.ok(selected);
	const written = await composeElsewhere(db, 'carol');
	await within2s(app, 'carol post 0', written);
	await waitForText(app, `4 of ${total + 1}`);
	assert.equal(selectedLine(app), selected, 'the same post is still highlighted');
	assert.match(listLines(app)[0]!, /carol +now +carol post 0/);
	return app;
}

describe('live updates between processes (SQLite)', () => {
	let db: TestDatabase;
	let app: RenderedApp | undefined;
	let alicePosts: number[];

	before(async () => {
		db = await makeDatabase();
		const alice = await seedUser('alice');
		await seedUser('carol');
		await seedUser('dave');
		alicePosts = await seedPosts(alice, 40, {body: index => `alice ${index + 1}`, endsAt: new Date(Date.now() - 60_000)});
	});

	after(async () => {
		app?.unmount();
		await db.close();
	});

	it('a post written by another process appears within 2 s, without a key press, and the selection stays', async () => {
		app = await twoProcessCompose(db, 40);
	});

	it('scrolled away from the top: "↑ 1 new post" instead of a jump; g shows the post', async () => {
		app?.unmount();
		app = renderApp({database: db.database, refreshMs: 100});
		await waitForText(app, '1 of 41');
		await press(app, keys.pageDown, keys.down);
		await waitForText(app, '17 of 41');
		const selected = selectedLine(app);
		const rows = listLines(app);
		const written = await composeElsewhere(db, 'dave');
		await within2s(app, '↑ 1 new post', written);
		await waitForText(app, '18 of 42');
		assert.equal(selectedLine(app), selected, 'the selection stays on its post');
		assert.deepEqual(listLines(app), rows, 'the rows on screen stay where they were');
		await press(app, 'g');
		await waitForSelected(app, /dave +now +dave post 0/);
		await waitForGone(app, '↑ 1 new post');
		await waitForText(app, '1 of 42');
	});

	it('the new-posts line goes when the user moves up to the new posts', async () => {
		assert.ok(app);
		await press(app, keys.pageDown);
		await waitForText(app, '16 of 42');
		const written = await composeElsewhere(db, 'dave');
		await within2s(app, '↑ 1 new post', written);
		await waitForText(app, '17 of 43');
		for (let step = 0; step < 17; step++) {
			await press(app, 'k');
		}
		await waitForText(app, '1 of 43');
		await waitForGone(app, '↑ 1 new post');
	});

	it('posts deleted by another process leave the list; a deleted selection moves to the next post', async () => {
		app?.unmount();
		app = renderApp({database: db.database, refreshMs: 100});
		await waitForText(app, '1 of 43');
		// dave, dave, carol, then alice 40, 39, 38…: select alice 40.
		await press(app, keys.down, keys.down, keys.down);
		await waitForSelected(app, /alice 40/);
		await waitForText(app, '4 of 43');
		let deleted = await deleteElsewhere(db, 'alice', alicePosts[38]!);
		await waitForGone(app, 'alice 39', 2000);
		assert.ok(performance.now() - deleted < 2000);
		await waitForText(app, '4 of 42');
		assert.match(selectedLine(app)!, /alice 40/, 'the selection stays on its post');
		deleted = await deleteElsewhere(db, 'alice', alicePosts[39]!);
		await waitForGone(app, 'alice 40', 2000);
		assert.ok(performance.now() - deleted < 2000);
		await waitForSelected(app, /alice 38/);
		await waitForText(app, '4 of 41');
	});

	it('stops watching when the app unmounts', async () => {
		app?.unmount();
		app = renderApp({database: db.database, refreshMs: 50});
		await waitForText(app, '1 of 41');
		app.unmount();
		const shown = frame(app);
		await composeElsewhere(db, 'carol');
		// Nothing may render or fail after unmount; one more watch interval passes with the post written.
		await new Promise(resolve => setTimeout(resolve, 200));
		assert.equal(frame(app), shown);
		app = undefined;
	});
});

const postgresUrl = testDatabaseUrl;
if (postgresUrl) {
	describe('live updates between processes (PostgreSQL, LISTEN/NOTIFY)', () => {
		let db: TestDatabase;
		let app: RenderedApp | undefined;

		before(async () => {
			db = await makePostgresDatabase(postgresUrl);
			const alice = await seedUser('alice');
			await seedUser('carol');
			await seedPosts(alice, 40, {body: index => `alice ${index + 1}`, endsAt: new Date(Date.now() - 60_000)});
		});

		after(async () => {
			app?.unmount();
			await db.close();
		});

		it('a post written by another process appears within 2 s, without a key press, and the selection stays', async () => {
			app = await twoProcessCompose(db, 40);
		});
	});
}
