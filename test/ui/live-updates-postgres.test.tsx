// runs once: PostgreSQL only; skips itself without TEST_DATABASE_URL, and the restart without a cluster of its own.
import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {cliEnv, projectRoot, runProcess} from '../helpers/cli.js';
import {clusterUnavailable, throwawayCluster} from '../helpers/pg-cluster.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {frame, keys, makePostgresDatabase, press, renderApp, seedPosts, seedUser, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

const needsPostgres = {skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set: no PostgreSQL server to test on'};

/** Runs SQL with the real psql client, as another program would; returns when psql has committed and exited. */
async function psql(url: string, sql: string): Promise<number> {
	const result = await runProcess('psql', ['--no-psqlrc', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]);
	assert.equal(result.code, 0, `psql failed: ${result.stderr}`);
	return performance.now();
}

/** Waits for `text` and asserts it came within `ms` of `since`. */
async function shownWithin(app: RenderedApp, text: string | RegExp, since: number, ms: number, what: string): Promise<void> {
	await waitForText(app, text, ms + 1000);
	const elapsed = performance.now() - since;
	assert.ok(elapsed < ms, `${what}: shown ${Math.round(elapsed)} ms after, more than ${ms} ms`);
}

describe('live updates on PostgreSQL: every writer is heard (the trigger on post)', () => {
	let db: TestDatabase | undefined;
	let app: RenderedApp | undefined;
	let aliceId = 0;

	before(async () => {
		if (!testDatabaseUrl) {
			return;
		}
		db = await makePostgresDatabase(testDatabaseUrl);
		aliceId = await seedUser('alice');
		await seedPosts(aliceId, 5, {body: index => `alice ${index + 1}`, endsAt: new Date(Date.now() - 60_000)});
	});

	after(async () => {
		app?.unmount();
		await db?.close();
	});

	it('a row inserted by psql appears in the running TUI within 2 s', needsPostgres, async () => {
		assert.ok(db);
		app = renderApp({database: db.database, refreshMs: 500});
		await waitForText(app, '1 of 5');
		const written = await psql(db.file, `INSERT INTO post (body, user_id) VALUES ('hello from psql', ${aliceId})`);
		await shownWithin(app, 'hello from psql', written, 2000, 'the psql row');
		// The selection stays on the post it was on, one row down now.
		await waitForText(app, '2 of 6');
	});

	it('a post made with Post.create in `microblog-tui --shell` (another process) appears within 2 s', needsPostgres, async () => {
		assert.ok(db && app);
		// The shell from source, as `microblog-tui --shell` runs it: the Sequelize models, no code of the TUI's.
		const shell = await runProcess(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'source', 'cli.tsx'), '--shell', '-d', db.file], {
			env: cliEnv(),
			input: `await Post.create({body: 'hello from the shell', user_id: ${aliceId}}); 'created'\n`,
			timeoutMs: 60_000,
		});
		const written = performance.now();
		assert.equal(shell.code, 0, shell.stderr);
		assert.match(shell.stdout, /'created'/);
		await shownWithin(app, 'hello from the shell', written, 2000, 'the shell\'s post');
		await waitForText(app, '3 of 7');
	});
});

describe('live updates on PostgreSQL across a server restart (a cluster of the test\'s own)', () => {
	it('a row inserted after a 15 s stop appears within 5 s of the restart; a profile opened while down says why, then shows', {skip: clusterUnavailable()}, async () => {
		const cluster = await throwawayCluster();
		let db: TestDatabase | undefined;
		let app: RenderedApp | undefined;
		try {
			db = await makePostgresDatabase(cluster.url);
			const bob = await seedUser('bob');
			await seedPosts(bob, 3, {body: index => `bob ${index + 1}`, endsAt: new Date(Date.now() - 60_000)});
			// Wide enough for the whole reason on one line.
			app = renderApp({database: db.database, refreshMs: 500, width: 120});
			await waitForText(app, '1 of 3');
			await cluster.stop();
			const stopped = performance.now();
			// While the server is down: the profile of the selected post's author cannot be read.
			await press(app, 'u');
			// It says why, in the view and on the status line, and nowhere "loading…" (its posts fail a moment later).
			const down = await waitForText(app, /^(?![^]*loading…)[^]*does not answer \(connection refused\) · trying again/);
			assert.match(down.split('\n').at(-2)!, /PostgreSQL at 127\.0\.0\.1:\d+ does not answer/, 'the status line says it too');
			await new Promise(resolve => setTimeout(resolve, Math.max(0, 15_000 - (performance.now() - stopped))));
			await cluster.start();
			const restarted = performance.now();
			await psql(db.file, `INSERT INTO post (body, user_id) VALUES ('after the restart', ${bob})`);
			await shownWithin(app, 'after the restart', restarted, 5000, 'the row inserted after the restart');
			await waitForText(app, /bob +<bob@example\.com>/);
			await waitForText(app, '4 posts');
			assert.doesNotMatch(frame(app), /does not answer|loading…/);
			await press(app, keys.escape);
			await waitForText(app, '2 of 4');
			assert.match(frame(app), /after the restart/);
			// Still listening after the restart: the next write is heard as fast as ever.
			const written = await psql(db.file, `INSERT INTO post (body, user_id) VALUES ('and one more', ${bob})`);
			await shownWithin(app, 'and one more', written, 2000, 'a row after the reconnect');
		} finally {
			app?.unmount();
			await db?.close();
			await cluster.dispose();
		}
	});
});
