import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import stringWidth from 'string-width';
import {cellWidth} from '../../source/ui/text/cells.js';
import {runCli} from '../helpers/cli.js';
import {testEngine} from '../helpers/engine.js';
import {runForeignClient, sqlText} from '../helpers/foreign-client.js';
import {forbiddenInFrame, sgr} from '../helpers/hostile-text.js';
import {frame, keys, makeDatabase, press, renderApp, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

/*
 * Rows our own code never writes but other programs can: SQLite does not enforce VARCHAR(140) or
 * VARCHAR(64), and no engine checks our username pattern or the "1..140 after trimming" rule. They
 * go in through the engine's own shell (sqlite3, psql), as another program would write them, and
 * every view and listing must show them cut to fit, never crash.
 */

const sqlite = testEngine === 'sqlite';
/** PostgreSQL enforces the column lengths; SQLite stores whatever it is given. */
const longBody = 'b'.repeat(sqlite ? 500 : 140);
const longName = 'L'.repeat(sqlite ? 300 : 64);

const users = [
	{username: 'has spaces in it', email: 'spaces@example.com'},
	{username: longName, email: 'long@example.com'},
	{username: '', email: 'empty@example.com'},
	{username: '\u001B[31mred\u001B[0m\u001B]0;title\u0007', email: 'escape@example.com'},
	{username: '   ', email: 'blank@example.com'},
	{username: 'quiet', email: 'quiet@example.com'},
];

/** By user index, oldest first, one day apart. */
const posts = [
	{body: longBody, author: 0},
	{body: '', author: 1},
	{body: '     ', author: 2},
	{body: '\n\n\n', author: 3},
	{body: `${'x'.repeat(30)}\n${'y'.repeat(30)}\t\u001B[2Jz`, author: 4},
];

function timestamp(index: number): string {
	const day = `2024-01-${String(index + 1).padStart(2, '0')} 00:00:00`;
	return sqlite ? `${day}.000 +00:00` : `${day}+00`;
}

async function writeForeignRows(location: string): Promise<void> {
	const statements = [
		...users.map(user => `INSERT INTO "user" (username, email, password_hash) VALUES (${sqlText(user.username)}, ${sqlText(user.email)}, 'not a hash');`),
		...posts.map(
			(post, index) =>
				`INSERT INTO post (body, user_id, timestamp) VALUES (${sqlText(post.body)}, (SELECT id FROM "user" WHERE email = ${sqlText(users[post.author]!.email)}), '${timestamp(index)}');`,
		),
	];
	await runForeignClient(location, statements.join('\n'));
}

/** Every frame: no control character, no row wider than the terminal, no more rows than it has. */
function checkFrames(app: RenderedApp, width: number, height: number): void {
	for (const [index, rendered] of app.frames.entries()) {
		const text = rendered.replace(sgr, '');
		const control = forbiddenInFrame.exec(text);
		assert.equal(control, null, `frame ${index} carries U+${control?.[0].codePointAt(0)?.toString(16).padStart(4, '0')}`);
		const lines = text.split('\n');
		assert.ok(lines.length <= height, `frame ${index} has ${lines.length} rows for a ${height}-row terminal`);
		for (const line of lines) {
			const cells = Math.max(cellWidth(line), stringWidth(line));
			assert.ok(cells <= width, `frame ${index}: a row of ${cells} cells in ${width} columns: ${JSON.stringify(line)}`);
		}
	}
}

describe('rows other programs write that our code never does', () => {
	let db: TestDatabase;

	before(async () => {
		db = await makeDatabase();
		await writeForeignRows(db.file);
	});

	after(async () => {
		await db.close();
	});

	for (const [width, height] of [
		[80, 20],
		[34, 10],
	] as const) {
		it(`every view shows them cut to fit, ${width}×${height}`, async () => {
			const app = renderApp({database: db.database, width, height});
			try {
				const total = posts.length;
				await waitForText(app, `1 of ${total}`);
				// Feed → each post in full → its author's profile → back.
				for (let index = 0; index < total; index++) {
					await press(app, keys.enter);
					await waitForText(app, 'Post #');
					await press(app, 'u');
					await waitForText(app, /Profile:/);
					await waitForText(app, /\d+ posts?|has not posted yet/);
					await press(app, keys.escape);
					await waitForText(app, 'Post #');
					await press(app, keys.escape);
					await waitForText(app, `${index + 1} of ${total}`);
					if (index + 1 < total) {
						await press(app, 'j');
						await waitForText(app, `${index + 2} of ${total}`);
					}
				}
				await press(app, 's', 'G');
				await waitForText(app, `${total} of ${total}`);
				// Users → each profile → back, both sorts.
				await press(app, '2');
				const userCount = users.length;
				await waitForText(app, `1 of ${userCount}`);
				for (const sort of ['first', 'second']) {
					for (let index = 0; index < userCount; index++) {
						await press(app, keys.enter);
						await waitForText(app, /Profile:/);
						await waitForText(app, /\d+ posts?|has not posted yet/);
						await press(app, keys.escape);
						await waitForText(app, `${index + 1} of ${userCount}`);
						if (index + 1 < userCount) {
							await press(app, 'j');
							await waitForText(app, `${index + 2} of ${userCount}`);
						}
					}
					if (sort === 'first') {
						await press(app, 's', 'g');
						await waitForText(app, `1 of ${userCount}`);
					}
				}
				// A filter that finds the body with a tab and an escape sequence in it.
				await press(app, '1', '/');
				await press(app, 'xxxx', keys.enter);
				await waitForText(app, '1 of 1');
				assert.ok(frame(app).length > 0);
				checkFrames(app, width, height);
			} finally {
				app.unmount();
			}
		});
	}

	it('--list posts and users, as text and as JSON', async () => {
		for (const target of ['posts', 'users']) {
			const text = await runCli(['--list', target, '-d', db.file]);
			assert.equal(text.code, 0, text.stderr);
			assert.equal(text.stderr, '');
			const lines = text.stdout.trimEnd().split('\n');
			assert.equal(lines.length, 1 + (target === 'posts' ? posts.length : users.length), text.stdout);
			assert.doesNotMatch(text.stdout, forbiddenInFrame);
			// The name column is cut to the schema's 64 cells: a 300-character name pushes no other row's post away.
			assert.ok(stringWidth(lines[0]!) < 130, `the header is ${stringWidth(lines[0]!)} cells wide: ${lines[0]}`);
			assert.ok(text.stdout.includes(sqlite ? `${'L'.repeat(63)}…` : 'L'.repeat(64)), text.stdout);
			assert.doesNotMatch(text.stdout, /L{65}/);
			const json = await runCli(['--list', target, '--json', '-d', db.file]);
			assert.equal(json.code, 0, json.stderr);
			const rows = JSON.parse(json.stdout) as Array<{username: string; body?: string}>;
			// JSON carries what is stored, exactly: it is for programs, and JSON escapes what a terminal must not see.
			assert.deepEqual(rows.map(row => row.username).sort(), (target === 'posts' ? posts.map(post => users[post.author]!.username) : users.map(user => user.username)).sort());
			if (target === 'posts') {
				assert.deepEqual(rows.map(row => row.body).sort(), posts.map(post => post.body).sort());
			}
		}
	});
});
