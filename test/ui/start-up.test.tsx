import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {migrationStatus} from '../../source/db/migrator.js';
import {pendingMigrations} from '../../source/store/migrations.js';
import {spawnScript} from '../helpers/spawn-script.js';
import {readFirstFeedPage} from '../../source/ui/state/app-controller.js';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, selectedLine, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/**
 * alice's `posts` posts ("post number N"), the feed's first page read ahead as the start reads it (for the height
 * renderApp gives), then the App given that page; `beforeRender` runs between the read and the App.
 */
async function withPageReadAhead(
	seed: {posts: number; endsAt?: Date},
	test: (app: RenderedApp, db: TestDatabase) => Promise<void>,
	options: {beforeRender?: (db: TestDatabase) => Promise<void>; refreshMs?: number} = {},
): Promise<void> {
	const db = await makeDatabase();
	const alice = await seedUser('alice');
	await seedPosts(alice, seed.posts, {body: index => `post number ${index + 1}`, endsAt: seed.endsAt});
	const migrations = await pendingMigrations(db.database);
	const firstFeedPage = await readFirstFeedPage(db.database, 20);
	assert.ok(firstFeedPage);
	await options.beforeRender?.(db);
	const app = renderApp({database: db.database, initialMigrations: migrations, firstFeedPage, refreshMs: options.refreshMs});
	try {
		await test(app, db);
	} finally {
		app.unmount();
		await db.close();
	}
}

describe('start-up', () => {
	it('shows what to do on an empty database', async () => {
		const db = await makeDatabase();
		const app = renderApp({database: db.database});
		try {
			await waitForText(app, 'No posts yet. Press c to write the first one');
			assert.match(frame(app), /Feed · newest first · 0 of 0/);
			await press(app, '2');
			await waitForText(app, 'No users yet. Press a, then r, to register');
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('shows pending migrations and applies them on m', async () => {
		const db = await makeDatabase({migrate: '0001-create-user'});
		const app = renderApp({database: db.database});
		try {
			// The heading names the database and may be cut to the width (a long PostgreSQL URL), so wait for the list.
			const shown = await waitForText(app, 'pending (5):');
			assert.match(shown, /needs migrat/);
			assert.match(shown, /current: 0001-create-user/);
			assert.match(shown, /0002-create-post/);
			assert.match(shown, /0003-feed-indexes/);
			assert.match(shown, /0004-post-timestamp-utc/);
			assert.match(shown, /0005-post-change-notify/);
			assert.match(shown, /0006-user-case-unique/);
			await press(app, 'm');
			await waitForText(app, 'No posts yet');
			assert.deepEqual((await migrationStatus(db.database)).pending, []);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('shows the feed page read ahead on its very first frame when the schema is current', async () => {
		await withPageReadAhead({posts: 30}, async app => {
			// As render() returned it: no wait.
			const first = frame(app);
			assert.match(first, /alice .*post number 30/);
			assert.doesNotMatch(first, /loading|opening/);
			await waitForText(app, 'Feed · newest first · 1 of 30');
		});
	});

	it('a post written by another program while the first page was read ahead comes in as a live update: on top, counted once', async () => {
		// Another program posts (a process of its own, as live updates see only other connections' writes).
		const composeElsewhere = async (db: TestDatabase) => assert.equal((await spawnScript('test/fixtures/compose-writer.ts', [db.file, 'alice', '1']).done).code, 0);
		await withPageReadAhead(
			{posts: 30, endsAt: new Date(Date.now() - 60_000)},
			async (app, db) => {
				// As a post arriving after the first frame (which did not have it): above, the selection kept on its row.
				const shown = await waitForText(app, 'Feed · newest first · 2 of 31');
				assert.match(shown.split('\n')[2] ?? '', /alice .*alice post 0/); // line 0: tabs, 1: column heading
				assert.match(selectedLine(app) ?? '', /post number 30/);
				// Another post later, seen by the live watch: the total grows by one, not two.
				await composeElsewhere(db);
				await waitForText(app, 'Feed · newest first · 3 of 32');
			},
			{beforeRender: composeElsewhere, refreshMs: 50},
		);
	});

	it('keeps every key pressed while the list behind a page read ahead is checked and counted', async () => {
		await withPageReadAhead({posts: 200}, async app => {
			// At once, as a user holding j from the first frame: no press may be undone by the count's arrival.
			for (let position = 2; position <= 12; position++) {
				await press(app, 'j');
				await waitForText(app, new RegExp(`Feed · newest first · ${position} of`));
			}
			await waitForText(app, 'Feed · newest first · 12 of 200');
			await press(app, 'k');
			await waitForText(app, 'Feed · newest first · 11 of 200');
			assert.match(selectedLine(app) ?? '', /post number 190\b/);
		});
	});

	it('takes the migration state its caller has just read, without reading it again', async () => {
		// At head, but told otherwise: what the screen shows can only have come from the prop.
		const db = await makeDatabase();
		const app = renderApp({
			database: db.database,
			initialMigrations: {current: '0001-create-user', pending: ['0002-create-post', '0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify']},
		});
		try {
			const shown = await waitForText(app, 'pending (4):');
			assert.match(shown, /current: 0001-create-user/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('quits on q from the pending-migrations screen without changing anything', async () => {
		const db = await makeDatabase({migrate: false});
		const app = renderApp({database: db.database});
		try {
			await waitForText(app, 'current: base');
			await press(app, 'q');
			assert.equal(app.quits(), 1);
			assert.equal((await migrationStatus(db.database)).pending.length, 6);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('starts with the sign-in form filled in for --user', async () => {
		const db = await makeDatabase();
		await seedUser('alice');
		const app = renderApp({database: db.database, initialUser: 'alice'});
		try {
			const shown = await waitForText(app, 'Sign in');
			assert.match(shown, /username: +alice\n/);
			assert.match(shown, /› password: *\n/);
			await press(app, keys.escape);
			await waitForText(app, 'No posts yet');
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('reflows to the width and height it is given', async () => {
		const db = await makeDatabase();
		const app = renderApp({database: db.database, width: 40, height: 10});
		try {
			await waitForText(app, 'No posts yet');
			assert.match(frame(app), /not signed in · \? help$/);
			const lines = frame(app).split('\n');
			assert.equal(lines.length, 9);
			for (const line of lines) {
				assert.ok(line.length <= 40, `line fits 40 cells: ${line}`);
			}
		} finally {
			app.unmount();
			await db.close();
		}
	});
});
