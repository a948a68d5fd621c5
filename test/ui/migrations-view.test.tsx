import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import type {Database} from '../../source/db/connection.js';
import {migrationStatus} from '../../source/db/migrator.js';
import {tableNames} from '../../source/db/step-records.js';
import {frame, keys, makeDatabase, press, renderApp, renderSignedIn, seedPosts, seedUser, waitFor, waitForSelected, waitForText} from '../helpers/tui.js';
import type {RenderedApp} from '../helpers/tui.js';
import {sqlShell} from '../shared-database/foreign-clients.js';

async function postCount(database: Database): Promise<number> {
	const [row] = await database.sequelize.query<{count: number | string}>('SELECT count(*) AS count FROM post', {type: QueryTypes.SELECT});
	return Number(row?.count);
}

async function current(database: Database): Promise<string | null> {
	return (await migrationStatus(database)).current;
}

/** The frame above the status bar (which shortens a long database path with an ellipsis). */
function withoutStatusBar(shown: string): string {
	return shown.slice(0, shown.lastIndexOf('\n'));
}

/** Moves the selection onto the row of `name` (rows are few: walk from the top). */
async function select(app: RenderedApp, name: string): Promise<void> {
	await press(app, 'g');
	await waitForSelected(app, /\(base\)/);
	for (let step = 0; step < 8 && !(frame(app).split('\n').find(line => line.startsWith('› ')) ?? '').includes(name); step++) {
		await press(app, 'j');
	}
	await waitForSelected(app, new RegExp(name));
}

describe('migrations view', () => {
	it('opens on m from any view, lists every migration applied with its time, marks the current one, and goes back', async () => {
		const db = await makeDatabase();
		const amy = await seedUser('amy');
		await seedPosts(amy, 2);
		const app = renderApp({database: db.database, width: 100, height: 24});
		try {
			await waitForText(app, '1 of 2');
			await press(app, 'm');
			const shown = await waitForText(app, /Migrations on (sqlite|postgres) · current: 0006-user-case-unique \(head\)/);
			assert.match(shown, /\(base\) +no migrations applied/);
			assert.match(shown, /0001-create-user +applied +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\n/);
			assert.match(shown, /0002-create-post +applied +\d{4}-/);
			assert.match(shown, /0003-feed-indexes +applied +\d{4}-/);
			assert.match(shown, /0004-post-timestamp-utc +applied +\d{4}-/);
			assert.match(shown, /0005-post-change-notify +applied +\d{4}-/);
			// The selection starts on the current migration, which is marked.
			await waitForSelected(app, /0006-user-case-unique +applied .*◀ current/);
			assert.match(shown, /Migrations · 7 of 8/);
			await press(app, keys.escape);
			await waitForText(app, 'Feed · newest first');
			// From Users, and from a profile: back returns to where m was pressed.
			await press(app, '2');
			await waitForText(app, 'Users · name A→Z');
			await press(app, keys.enter);
			await waitForText(app, 'Profile: amy');
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await press(app, 'q');
			await waitForText(app, 'Profile: amy');
			assert.equal(app.quits(), 0);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('shows the SQL a migration runs on this engine, both ways, on Enter', async () => {
		const db = await makeDatabase();
		const app = renderApp({database: db.database, width: 100, height: 24});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await select(app, '0002-create-post');
			await press(app, keys.enter);
			const shown = await waitForText(app, 'downgrade: the SQL reverting it runs');
			assert.match(shown, /SQL of 0002-create-post on (sqlite|postgres)/);
			assert.match(shown, /upgrade: the SQL 0002-create-post runs on/);
			if (db.database.dialect === 'sqlite') {
				assert.match(shown, /CREATE TABLE IF NOT EXISTS `post` \(`id` INTEGER PRIMARY KEY AUTOINCREMENT/);
				assert.match(shown, /CREATE INDEX `ix_post_timestamp` ON `post` \(`timestamp`\);/);
				assert.match(shown, /DROP TABLE IF EXISTS `post`;/);
			} else {
				assert.match(shown, /CREATE TABLE IF NOT EXISTS "post" \("id" +SERIAL/);
				assert.match(shown, /TIMESTAMP WITH TIME ZONE/);
				assert.match(shown, /DROP TABLE IF EXISTS "post";/);
			}
			// Showing the SQL ran none of it.
			assert.equal(await current(db.database), '0006-user-case-unique');
			await press(app, keys.escape);
			await waitForSelected(app, /0002-create-post/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('asks before a downgrade, naming each table and its rows; n cancels and changes nothing, y reverts', async () => {
		const db = await makeDatabase();
		const amy = await seedUser('amy');
		await seedUser('ben');
		await seedPosts(amy, 3);
		// Wide enough for the status line's whole report of four steps reverted.
		const app = renderApp({database: db.database, width: 160, height: 24});
		try {
			await waitForText(app, '1 of 3');
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await select(app, '0001-create-user');
			await press(app, 'D');
			let shown = await waitForText(app, 'Downgrade to 0001-create-user?');
			assert.match(
				shown.replace(/\n/g, ' '),
				/Reverts 0006-user-case-unique, +0005-post-change-notify, +0004-post-timestamp-utc, +0003-feed-indexes, +0002-create-post\. +Drops table post \(3 rows\)\. +3 rows will be deleted\. y\/n/,
			);
			await press(app, 'n');
			await waitForText(app, 'downgrade cancelled; nothing was changed');
			assert.equal(await current(db.database), '0006-user-case-unique');
			assert.equal(await postCount(db.database), 3);

			// Down to base: both tables named, with their rows.
			await select(app, '(base)');
			await press(app, 'D');
			shown = await waitForText(app, 'Downgrade to base?');
			assert.match(shown.replace(/\n/g, ' '), /Drops tables post \(3 rows\), user \(2 rows\)\. +5 rows will be deleted\./);
			await press(app, keys.escape);
			await waitForText(app, 'downgrade cancelled');

			await select(app, '0001-create-user');
			await press(app, 'D');
			await waitForText(app, 'Downgrade to 0001-create-user?');
			await press(app, 'y');
			shown = await waitForText(
				app,
				'downgraded to 0001-create-user: reverted 0006-user-case-unique, 0005-post-change-notify, 0004-post-timestamp-utc, 0003-feed-indexes, 0002-create-post',
			);
			// While it ran, each frame said which migration was being reverted (every frame is kept by the test renderer).
			assert.ok(app.frames.some(each => each.includes('reverting 0006-user-case-unique… (1 of 5)')), 'progress for the first step');
			assert.ok(app.frames.some(each => each.includes('reverting 0005-post-change-notify… (2 of 5)')), 'progress for the second step');
			assert.ok(app.frames.some(each => each.includes('reverting 0004-post-timestamp-utc… (3 of 5)')), 'progress for the third step');
			assert.ok(app.frames.some(each => each.includes('reverting 0003-feed-indexes… (4 of 5)')), 'progress for the fourth step');
			assert.ok(app.frames.some(each => each.includes('reverting 0002-create-post… (5 of 5)')), 'progress for the fifth step');
			assert.match(shown, /current: 0001-create-user \(5 pending\)/);
			assert.match(shown, /0002-create-post +pending/);
			assert.match(shown, /0003-feed-indexes +pending/);
			assert.match(shown, /0004-post-timestamp-utc +pending/);
			assert.match(shown, /0005-post-change-notify +pending/);
			assert.match(shown, /0006-user-case-unique +pending/);
			await waitForSelected(app, /0001-create-user .*◀ current/);
			assert.equal(await current(db.database), '0001-create-user');
			assert.ok(!(await tableNames(db.database)).includes('post'), 'the post table is gone');

			// Below head the feed cannot be read: other views stay shut, and leaving shows the pending-migrations screen.
			await press(app, '1');
			await waitForText(app, 'the schema is below head');
			assert.match(frame(app), /Migrations on/);
			await press(app, keys.escape);
			await waitForText(app, 'pending (5):');
			await press(app, 'm');
			await waitForText(app, 'No posts yet');
			assert.equal(await current(db.database), '0006-user-case-unique');
			assert.equal(app.quits(), 0);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('upgrades to the selected migration only, then to head, and the feed reloads', async () => {
		const db = await makeDatabase();
		// Wide enough for the status line's whole report of three steps applied.
		const app = renderApp({database: db.database, width: 160, height: 24});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await select(app, '(base)');
			await press(app, 'D');
			await waitForText(app, 'Downgrade to base?');
			assert.match(frame(app).replace(/\n/g, ' '), /Drops tables post \(0 rows\), user \(0 rows\)\. y\/n/);
			await press(app, 'y');
			await waitForText(app, 'current: base (6 pending)');
			assert.equal(await current(db.database), null);

			await select(app, '0002-create-post');
			await press(app, 'u');
			const shown = await waitForText(app, 'upgraded to 0002-create-post: applied 0001-create-user, 0002-create-post');
			assert.ok(app.frames.some(each => each.includes('applying 0002-create-post… (2 of 2)')), 'progress while upgrading');
			assert.match(shown, /current: 0002-create-post \(4 pending\)/);
			assert.match(shown, /0003-feed-indexes +pending/);
			assert.match(shown, /0004-post-timestamp-utc +pending/);
			assert.match(shown, /0005-post-change-notify +pending/);
			assert.match(shown, /0006-user-case-unique +pending/);
			assert.deepEqual((await migrationStatus(db.database)).pending, ['0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique']);

			// u on an applied migration, D on a pending one: a hint, nothing run.
			await select(app, '0001-create-user');
			await press(app, 'u');
			await waitForText(app, '0001-create-user is applied already (D downgrades to it)');
			await select(app, '0003-feed-indexes');
			await press(app, 'D');
			await waitForText(app, '0003-feed-indexes is not applied: u upgrades to it');

			// Written while the schema is below head (no live refresh in this test): only the reload after the run shows it.
			await seedPosts(await seedUser('amy'), 1, {body: () => 'written at 0002'});
			await select(app, '0006-user-case-unique');
			await press(app, 'u');
			await waitForText(app, 'upgraded to 0006-user-case-unique: applied 0003-feed-indexes, 0004-post-timestamp-utc, 0005-post-change-notify, 0006-user-case-unique');
			await waitForText(app, 'current: 0006-user-case-unique (head)');
			await press(app, keys.escape);
			const feed = await waitForText(app, 'Feed · newest first · 1 of 1');
			assert.match(feed, /amy .*written at 0002/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('keeps every row through a downgrade that drops no table', async () => {
		const db = await makeDatabase();
		const amy = await seedUser('amy');
		await seedPosts(amy, 4, {body: index => `kept ${index + 1}`});
		// Wide enough for the status line's whole report of three steps reverted.
		const app = renderApp({database: db.database, width: 160, height: 24});
		try {
			await waitForText(app, '1 of 4');
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await select(app, '0002-create-post');
			await press(app, 'D');
			const question = await waitForText(app, 'Downgrade to 0002-create-post?');
			assert.match(
				question.replace(/\n/g, ' '),
				/Reverts 0006-user-case-unique, +0005-post-change-notify, +0004-post-timestamp-utc, +0003-feed-indexes\. +Drops no table; every row stays\. y\/n/,
			);
			await press(app, 'y');
			await waitForText(app, 'downgraded to 0002-create-post: reverted 0006-user-case-unique, 0005-post-change-notify, 0004-post-timestamp-utc, 0003-feed-indexes');
			assert.equal(await current(db.database), '0002-create-post');
			assert.equal(await postCount(db.database), 4);
			await select(app, '0006-user-case-unique');
			await press(app, 'u');
			await waitForText(app, 'current: 0006-user-case-unique (head)');
			await press(app, keys.escape);
			const feed = await waitForText(app, '1 of 4');
			assert.match(feed, /kept 4/);
			assert.match(feed, /kept 1/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('keeps the session and the open views across the pending-migrations screen; Esc there goes back into the view', async () => {
		const db = await makeDatabase();
		const amy = await seedUser('amy');
		await seedUser('ben');
		await seedPosts(amy, 2);
		const app = await renderSignedIn({database: db.database, width: 100, height: 24, initialUser: 'amy'});
		try {
			await press(app, '2');
			await waitForText(app, 'Users · name A→Z');
			await press(app, keys.enter);
			await waitForText(app, 'Profile: amy');
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await select(app, '0002-create-post');
			await press(app, 'D');
			await waitForText(app, 'Downgrade to 0002-create-post?');
			await press(app, 'y');
			await waitForText(app, 'downgraded to 0002-create-post');
			await press(app, keys.escape);
			const pending = await waitForText(app, 'pending (4):');
			assert.match(pending, /m apply them now · Esc back to the Migrations view · q quit/);
			// Esc goes back into the view (still below head, nothing read), and out again.
			await press(app, keys.escape);
			await waitForText(app, 'current: 0002-create-post (4 pending)');
			await press(app, '1');
			await waitForText(app, 'the schema is below head');
			await press(app, keys.escape);
			await waitForText(app, 'pending (4):');
			assert.equal(app.quits(), 0);
			await press(app, 'm');
			// Back where m was pressed (not a fresh start with the sign-in form), still signed in, the posts read again.
			const shown = await waitForText(app, 'the schema is at head again');
			assert.match(shown, /Profile: amy/);
			assert.match(shown, /amy · \? help/);
			await waitForText(app, /1 of 2/);
			assert.match(frame(app), /post 2/);
			await press(app, keys.escape);
			await waitForText(app, 'Users · name A→Z');
			assert.equal(await current(db.database), '0006-user-case-unique');
			assert.equal(app.quits(), 0);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('signs out when a downgrade past the user table took the signed-in account with it', async () => {
		const db = await makeDatabase();
		await seedUser('amy');
		const app = await renderSignedIn({database: db.database, width: 100, height: 24, initialUser: 'amy'});
		try {
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await select(app, '(base)');
			await press(app, 'D');
			await waitForText(app, 'Downgrade to base?');
			await press(app, 'y');
			await waitForText(app, 'downgraded to base');
			assert.match(frame(app), /amy · \? help/, 'still signed in while below head (nothing can be posted there)');
			await select(app, '0006-user-case-unique');
			await press(app, 'u');
			const shown = await waitForText(app, 'signed out: the account amy is no longer in the database');
			assert.match(shown, /not signed in · \? help/);
			await press(app, keys.escape);
			await waitForText(app, 'No posts yet');
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('on a narrow terminal keeps whole names and the current mark, leaving out when each was applied', async () => {
		const db = await makeDatabase();
		// 48 columns: room for the longest name (23 cells) and the current mark, not for the times (72 columns).
		const app = renderApp({database: db.database, width: 48, height: 12});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, 'm');
			const shown = await waitForText(app, /0006-user-case-unique +applied +◀ current/);
			assert.match(shown, /0001-create-user +applied\n/);
			assert.match(shown, /0002-create-post +applied\n/);
			assert.match(shown, /0003-feed-indexes +applied\n/);
			assert.match(shown, /0004-post-timestamp-utc +applied\n/);
			assert.match(shown, /0005-post-change-notify +applied\n/);
			assert.doesNotMatch(shown, /\d\d:\d\d:\d\d/, 'no time at 48 columns');
			for (const line of shown.split('\n')) {
				assert.ok(line.length <= 48, `fits 48 cells: ${line}`);
			}
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('lists its keys in the help overlay, every line whole at 80 columns', async () => {
		const db = await makeDatabase();
		const app = renderApp({database: db.database, width: 80, height: 24});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, '?');
			let shown = await waitForText(app, 'Keys — Feed');
			assert.match(shown, /m {2}` +migrations view \/ SQL pane \(statements, with times\)\n/);
			assert.doesNotMatch(withoutStatusBar(shown), /…/, 'no key cut short');
			await press(app, 'x');
			await press(app, 'm');
			await waitForText(app, 'Migrations on');
			await press(app, '?');
			shown = await waitForText(app, 'Keys — Migrations');
			assert.match(shown, /u +upgrade to the selected migration/);
			assert.match(shown, /D +downgrade to it \(reverts newer ones; y\/n names tables and rows\)\n/);
			assert.match(shown, /Enter +its SQL on this engine, up and down \(j\/k scroll, Esc closes\)\n/);
			assert.doesNotMatch(withoutStatusBar(shown), /…/, 'no key cut short');
			await press(app, 'x');
			await waitFor(() => !frame(app).includes('Keys —'));
			await waitForText(app, 'Enter SQL · u upgrade to · D downgrade to');
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('shows stamped records as stamped, and runs the optional migration on u alone (issue 20)', async () => {
		const db = await makeDatabase();
		// What --stamp writes, by another program: recorded, never run here (applied_at NULL).
		await sqlShell(db.file, `UPDATE "SequelizeMeta" SET applied_at = NULL WHERE name IN ('0001-create-user', '0002-create-post')`);
		const app = renderApp({database: db.database, width: 100, height: 24});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, 'm');
			const shown = await waitForText(app, 'Migrations on');
			assert.match(shown, /current: 0006-user-case-unique \(head\)/, 'an optional migration is not pending');
			assert.match(shown, /0001-create-user +stamped\n/);
			assert.match(shown, /0002-create-post +stamped\n/);
			assert.match(shown, /0003-feed-indexes +applied +\d{4}-/);
			assert.match(shown, /0007-tighten-adopted-schema +optional \(u runs it\)/);
			await select(app, '0007-tighten-adopted-schema');
			await press(app, 'u');
			await waitForText(app, 'upgraded to 0007-tighten-adopted-schema: applied 0007-tighten-adopted-schema');
			await waitForText(app, /0007-tighten-adopted-schema +applied +\d{4}-.*◀ current/);
			assert.equal(await current(db.database), '0007-tighten-adopted-schema');
		} finally {
			app.unmount();
			await db.close();
		}
	});
});
