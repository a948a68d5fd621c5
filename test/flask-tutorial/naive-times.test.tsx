import '../helpers/pin-env.js';
// The tutorial's post.timestamp holds naive UTC (datetime.utcnow): on PostgreSQL the adopted column stays
// `timestamp without time zone`, on SQLite it is text without an offset. Every reader takes it as UTC in any process
// time zone (run this file under TZ=America/New_York too): --list in text and JSON, the Feed's ages, the Post view's
// full time, keyset pages; and a post microblog-tui writes reads back as the same instant in psql or the sqlite3
// shell and through the tutorial's own app.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {postPage} from '../../source/store/feed-query.js';
import {composePost} from '../../source/store/posts.js';
import {localTime} from '../../source/ui/text/format.js';
import {adoptedTutorialDatabase} from '../helpers/adopted-tutorial.js';
import {runCli} from '../helpers/cli.js';
import {testEngine} from '../helpers/engine.js';
import {keys, press, renderApp, waitForSelected, waitForText} from '../helpers/tui.js';
import {isPostgres, sqlShell} from '../shared-database/foreign-clients.js';

// Made at the top level: the temp dir (or PostgreSQL database) it registers for removal lives until the file ends.
const made = await adoptedTutorialDatabase();
const postgres = isPostgres(made.location);
const [first, second, third] = made.posts;
// Summer: New York is UTC-4, so a time read as local would be 4 hours off.
const fixedUtc = '2026-06-15 12:00:00.123456';

describe(`the tutorial's naive UTC times, read in any time zone (${testEngine}, TZ=${process.env.TZ ?? 'unset'})`, () => {
	let database: Database;

	before(async () => {
		// The first post at a fixed time; the second three hours ago, in UTC, as the tutorial's utcnow writes it.
		const threeHoursAgo = postgres ? "timezone('utc', now()) - interval '3 hours'" : "strftime('%Y-%m-%d %H:%M:%f000', 'now', '-3 hours')";
		await sqlShell(
			made.location,
			`UPDATE post SET "timestamp" = '${fixedUtc}' WHERE id = ${first!.id}; UPDATE post SET "timestamp" = ${threeHoursAgo} WHERE id = ${second!.id};`,
		);
		database = await openDatabase(resolveDatabase(made.location), {mode: 'existing'});
	});

	after(async () => database?.close());

	it('the adopted column still holds naive UTC: timestamp without time zone, or text without an offset', async () => {
		if (postgres) {
			const type = await sqlShell(made.location, "SELECT data_type FROM information_schema.columns WHERE table_name = 'post' AND column_name = 'timestamp'");
			assert.equal(type, 'timestamp without time zone');
		} else {
			assert.equal(await sqlShell(made.location, `SELECT typeof("timestamp") || ' ' || "timestamp" FROM post WHERE id = ${first!.id}`), `text ${fixedUtc}`);
		}
	});

	it('--list posts gives the UTC instant in JSON and its New York time in text', async () => {
		const json = await runCli(['--database', made.location, '--list', 'posts', '--json'], {env: {TZ: 'America/New_York'}});
		assert.equal(json.code, 0, json.stderr);
		const rows = JSON.parse(json.stdout) as Array<{id: number; timestamp: string}>;
		assert.equal(rows.find(row => row.id === first!.id)!.timestamp, '2026-06-15T12:00:00.123456Z');
		const text = await runCli(['--database', made.location, '--list', 'posts'], {env: {TZ: 'America/New_York'}});
		assert.match(text.stdout, new RegExp(`^${first!.id} +2026-06-15 08:00 +susan`, 'm'));
	});

	it('keyset pages step over the naive times one row at a time, each post once', async () => {
		const seen: number[] = [];
		for (let page = await postPage(database, {limit: 1}); page.length > 0; page = await postPage(database, {after: page[0]!, limit: 1})) {
			seen.push(page[0]!.id);
			assert.ok(seen.length <= made.posts.length);
		}
		// Newest first: the two left at the fixture's utcnow (a minute old at most), three hours ago, the fixed one.
		assert.deepEqual(seen, [made.posts[3]!.id, third!.id, second!.id, first!.id]);
		assert.equal(new Set(seen).size, made.posts.length);
	});

	it("the Feed's age and the Post view's full time are the UTC instant's", async () => {
		const app = renderApp({database, width: 100, height: 12});
		try {
			await waitForText(app, `of ${made.posts.length}`);
			await waitForText(app, /susan +3h +second flask post/);
			await press(app, 'G');
			await waitForSelected(app, /hello from flask/);
			await press(app, keys.enter);
			await waitForText(app, localTime(new Date(Date.UTC(2026, 5, 15, 12, 0, 0, 123))));
		} finally {
			app.unmount();
		}
	});

	it('a post microblog-tui writes reads back as the same instant in the SQL shell and through the Flask app', async () => {
		const susan = made.users.find(user => user.username === 'susan')!;
		const before = Date.now();
		const written = await composePost(database, {id: susan.id, username: 'susan'}, 'written by microblog-tui');
		const afterWrite = Date.now();
		// What the app shows at once is the instant written, not one shifted by the time zone.
		assert.ok(written.timestamp.getTime() >= before - 1000 && written.timestamp.getTime() <= afterWrite + 1000, written.timestamp.toISOString());
		const stored = await sqlShell(
			made.location,
			postgres
				? `SELECT to_char("timestamp", 'YYYY-MM-DD"T"HH24:MI:SS.US') FROM post WHERE id = ${written.id}`
				: `SELECT replace("timestamp", ' ', 'T') FROM post WHERE id = ${written.id}`,
		);
		const instant = Date.parse(`${stored}Z`);
		assert.ok(Math.abs(instant - written.timestamp.getTime()) < 1000, `stored ${stored} (naive UTC) is the instant written, ${written.timestamp.toISOString()}`);
		const [read] = await postPage(database, {limit: 1});
		assert.equal(read!.id, written.id, 'the newest post');
		assert.equal(read!.timeKey, written.timeKey, 'its cursor is the stored value');
		const listed = await made.app<Array<{id: number; body: string | null; username: string | null}>>('list-posts');
		assert.deepEqual(listed.find(post => post.id === written.id), {id: written.id, body: 'written by microblog-tui', username: 'susan'});
	});
});
