import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {cellWidth} from '../../source/ui/text/cells.js';
import {testEngine} from '../helpers/engine.js';
import {forbiddenInFrame, hostileText, sgr, typeablePiece} from '../helpers/hostile-text.js';
import {keys, makeDatabase, press, renderApp, testPassword, testPasswordHash, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/*
 * Property: whatever strangers stored as post bodies, usernames and emails,
 * no frame of any view carries a control sequence, and no row is wider than
 * the terminal. The rows go in with raw SQL, as a hostile other client would
 * write them (the models would refuse most of these usernames).
 */

type Scenario = {
	readonly width: number;
	readonly height: number;
	/** The signed-in user's name: only what can be typed, since signing in means typing it. */
	readonly me: string;
	readonly users: ReadonlyArray<{readonly username: string; readonly email: string}>;
	/** Posts by user index (0 is `me`), oldest first. */
	readonly posts: ReadonlyArray<{readonly body: string; readonly author: number}>;
};

const scenario: fc.Arbitrary<Scenario> = fc
	.record({
		width: fc.constantFrom(60, 100),
		height: fc.constantFrom(14, 24),
		me: fc.array(typeablePiece, {maxLength: 3}).map(pieces => `me${pieces.join('')}z`),
		users: fc.array(fc.record({username: hostileText(60), email: hostileText(100, 6)}), {minLength: 1, maxLength: 3}),
		bodies: fc.array(hostileText(140), {minLength: 2, maxLength: 5}),
	})
	// A long name would push the sort and position out of a 60-column status bar, and the walk waits for them.
	.filter(({me}) => cellWidth(me) <= 10)
	.map(({width, height, me, users, bodies}) => ({
		width,
		height,
		me,
		// A number in front keeps names unique however the hostile parts come out.
		users: users.map((user, index) => ({username: `${index + 1}${user.username}`, email: `${index + 1}${user.email}`})),
		posts: bodies.map((body, index) => ({body, author: index === bodies.length - 1 ? 0 : (index % users.length) + 1})),
	}));

/** PostgreSQL text cannot hold NUL; everything else goes in as generated. */
function storable(text: string): string {
	return testEngine === 'postgres' ? text.replace(/\u0000/g, '') : text;
}

async function load(db: TestDatabase, value: Scenario): Promise<void> {
	const {sequelize} = db.database;
	const hash = await testPasswordHash();
	await sequelize.query('DELETE FROM post');
	await sequelize.query('DELETE FROM "user"');
	const ids: number[] = [];
	for (const user of [{username: value.me, email: 'me@example.com'}, ...value.users]) {
		await sequelize.query('INSERT INTO "user" (username, email, password_hash) VALUES ($1, $2, $3)', {
			// Bound, not inlined: Sequelize's SQLite quoting cuts a string at NUL.
			bind: [storable(user.username), storable(user.email), hash],
		});
		const [rows] = await sequelize.query('SELECT id FROM "user" WHERE email = $1', {bind: [storable(user.email)]});
		ids.push((rows as Array<{id: number}>)[0]!.id);
	}
	for (const [index, post] of value.posts.entries()) {
		await sequelize.query('INSERT INTO post (body, user_id, timestamp) VALUES ($1, $2, $3)', {
			// One minute apart, so the newest (the signed-in user's) is first in the feed.
			bind: [storable(post.body), ids[post.author], `2024-01-01 00:${String(10 + index).padStart(2, '0')}:00.000 +00:00`],
		});
	}
}

/** The helpers' generous default wait: this machine's cores are shared, and a sign-in (scrypt) can take seconds under load. */
async function see(app: RenderedApp, text: string | RegExp): Promise<void> {
	await waitForText(app, text);
}

/** Walks every view with real keys: sign-in, Feed, each Post, sorts, a Profile, filter, Users, help, compose, account, delete confirm. */
async function walk(app: RenderedApp, value: Scenario): Promise<void> {
	const postCount = value.posts.length;
	const userCount = value.users.length + 1;
	await see(app, 'Sign in');
	await press(app, testPassword, keys.enter);
	await see(app, 'signed in as');
	await see(app, `1 of ${postCount}`);
	// The newest post is the signed-in user's own: the delete confirm shows its body.
	await press(app, 'd');
	await see(app, 'Delete this post?');
	await press(app, 'n');
	await see(app, `1 of ${postCount}`);
	for (let index = 0; index < postCount; index++) {
		await press(app, keys.enter);
		await see(app, 'Post #');
		await press(app, keys.escape);
		await see(app, `${index + 1} of ${postCount}`);
		if (index + 1 < postCount) {
			await press(app, 'j');
			await see(app, `${index + 2} of ${postCount}`);
		}
	}
	await press(app, 's');
	await see(app, 'author A→Z');
	await press(app, 'S');
	await see(app, 'author Z→A');
	await press(app, 'g', 'u');
	await see(app, 'Profile: ');
	await see(app, /\d+ posts?\b/);
	await press(app, keys.enter);
	await see(app, 'Post #');
	await press(app, keys.escape);
	await see(app, 'Profile: ');
	await press(app, keys.escape);
	await see(app, 'author Z→A');
	await press(app, '/', '@', keys.enter);
	await see(app, 'filter: @');
	await press(app, keys.escape);
	await see(app, `of ${postCount}`);
	await press(app, '2');
	await see(app, `1 of ${userCount}`);
	for (let index = 1; index < userCount; index++) {
		await press(app, 'j');
		await see(app, `${index + 1} of ${userCount}`);
	}
	await press(app, 's');
	await see(app, 'latest post first');
	for (let index = 0; index < userCount; index++) {
		await press(app, keys.enter);
		await see(app, 'Profile: ');
		await press(app, keys.escape);
		await see(app, `${index + 1} of ${userCount}`);
		if (index + 1 < userCount) {
			await press(app, 'j');
			await see(app, `${index + 2} of ${userCount}`);
		}
	}
	await press(app, '?');
	await see(app, 'Keys — Users');
	await press(app, keys.escape);
	await press(app, 'c');
	await see(app, '/140');
	await press(app, keys.escape);
	await press(app, 'a');
	await see(app, 'o sign out');
	await press(app, keys.escape);
	await see(app, `of ${userCount}`);
}

/** Every frame: nothing but text (and, with colour, SGR), no row wider than the terminal, no more rows than it has. */
function checkFrames(app: RenderedApp, value: Scenario, color: boolean): void {
	assert.ok(app.frames.length > 10, 'the walk rendered frames');
	for (const [index, rendered] of app.frames.entries()) {
		const text = color ? rendered.replace(sgr, '') : rendered;
		const control = forbiddenInFrame.exec(text);
		assert.equal(control, null, `frame ${index} carries U+${control?.[0].codePointAt(0)?.toString(16).padStart(4, '0')}: ${JSON.stringify(rendered)}`);
		const lines = text.split('\n');
		assert.ok(lines.length <= value.height, `frame ${index} has ${lines.length} rows for a ${value.height}-row terminal`);
		for (const line of lines) {
			// The app's own measure (the wider of joined and separate code points) and string-width's.
			const width = Math.max(cellWidth(line), stringWidth(line));
			assert.ok(width <= value.width, `frame ${index}: a row of ${width} cells in ${value.width} columns: ${JSON.stringify(line)}`);
		}
	}
}

describe('hostile text from the database, every view (property)', () => {
	let db: TestDatabase;
	const tried = {runs: 0, bodies: 0, usernames: 0, frames: 0};

	before(async () => {
		db = await makeDatabase();
	});

	after(async () => {
		await db.close();
	});

	async function run(value: Scenario, color: boolean): Promise<void> {
		await load(db, value);
		const app = renderApp({database: db.database, color, width: value.width, height: value.height, initialUser: value.me});
		try {
			await walk(app, value);
			checkFrames(app, value, color);
			tried.runs++;
			tried.bodies += value.posts.length;
			tried.usernames += value.users.length + 1;
			tried.frames += app.frames.length;
		} finally {
			app.unmount();
		}
	}

	it('colour off: no frame carries a control character, no row overflows', async t => {
		await fc.assert(
			fc.asyncProperty(scenario, async value => run(value, false)),
			{numRuns: Number(process.env.HOSTILE_RUNS ?? 12)},
		);
		t.diagnostic(`${tried.runs} runs: ${tried.bodies} bodies, ${tried.usernames} usernames, ${tried.frames} frames checked`);
	});

	it('colour on: the only escape sequences are the app\'s own SGR', async t => {
		const before = {...tried};
		await fc.assert(
			fc.asyncProperty(scenario, async value => run(value, true)),
			{numRuns: Number(process.env.HOSTILE_COLOR_RUNS ?? 3)},
		);
		t.diagnostic(`${tried.runs - before.runs} runs: ${tried.frames - before.frames} frames checked`);
	});
});
