import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {runForeignClient} from '../helpers/foreign-client.js';
import {tempDir} from '../helpers/temp-dir.js';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

// 40 characters, and an email of 70: written by another program (the sqlite3 shell or psql), as a user's own data would be.
const longName = 'a_username_of_exactly_forty_characters_x';
const longEmail = `${'e'.repeat(58)}@example.com`;

function lines(app: RenderedApp): string[] {
	return frame(app).split('\n');
}

function lineWith(app: RenderedApp, pattern: RegExp): string {
	const line = lines(app).find(candidate => pattern.test(candidate));
	assert.ok(line !== undefined, `no line matches ${String(pattern)} in\n${frame(app)}`);
	return line;
}

describe('list column headings and widths (issue 19)', () => {
	let db: TestDatabase;
	// The preview pane off (it is on by default from 140 columns): the list has the terminal's whole width.
	const settingsDirectory = tempDir('microblog-tui-settings-');
	writeFileSync(path.join(settingsDirectory, 'settings.json'), JSON.stringify({preview: false}));

	before(async () => {
		db = await makeDatabase();
		assert.equal(longName.length, 40);
		const amy = await seedUser('amy');
		await seedPosts(amy, 3, {body: index => `amy says ${index + 1}`, endsAt: new Date(Date.now() - 3_600_000)});
		await runForeignClient(
			db.file,
			`INSERT INTO "user" (username, email, password_hash) VALUES ('${longName}', '${longEmail}', 'x');
			 INSERT INTO post (body, user_id, timestamp) SELECT 'long name speaks', id, '2020-06-01 12:00:00' FROM "user" WHERE username = '${longName}';`,
		);
	});

	after(async () => {
		await db.close();
	});

	for (const width of [80, 140, 200]) {
		it(`at ${width} columns: the Feed's heading is aligned with its rows, the username column as wide as the longest name allows`, async () => {
			const app = renderApp({database: db.database, width, height: 20, settingsDirectory});
			try {
				await waitForText(app, '1 of 4');
				await press(app, 'G');
				await waitForText(app, '4 of 4');
				const heading = lineWith(app, /^ {2}author +age {2}post/);
				const row = lineWith(app, /long name speaks/);
				const amyRow = lineWith(app, /amy says 3/);
				// The body starts under "post", the age ends under "age", in every row.
				assert.equal(row.indexOf('long name speaks'), heading.indexOf('post'));
				assert.equal(amyRow.indexOf('amy says 3'), heading.indexOf('post'));
				const authorWidth = heading.indexOf('age') - 1 - 2 - 1;
				const cap = Math.floor(width * 0.3);
				assert.equal(authorWidth, Math.min(40, cap));
				if (width >= 140) {
					// Not cut at 16 cells any more: the whole name.
					assert.ok(row.includes(`${longName} `), row);
				} else {
					assert.ok(row.includes(`${longName.slice(0, cap - 1)}…`), row);
				}
				assert.ok(lines(app).every(line => line.length <= width));
			} finally {
				app.unmount();
			}
		});

		it(`at ${width} columns: Users have an email column of at most 40 cells, aligned with the heading`, async () => {
			const app = renderApp({database: db.database, width, height: 20, settingsDirectory});
			try {
				await waitForText(app, '1 of 4');
				await press(app, '2');
				await waitForText(app, 'Users · name A→Z · 1 of 2');
				const heading = lineWith(app, /^ {2}username +email +posts +latest/);
				const row = lineWith(app, new RegExp(longName.slice(0, 10)));
				const amy = lineWith(app, /amy@example\.com/);
				assert.equal(amy.indexOf('amy@example.com'), heading.indexOf('email'));
				assert.equal(row.indexOf('eeee'), heading.indexOf('email'));
				const emailWidth = heading.indexOf('posts') - heading.indexOf('email') - 1 - 2;
				assert.ok(emailWidth <= 40, `email column ${emailWidth} cells`);
				if (width >= 140) {
					assert.equal(emailWidth, 40);
					assert.ok(row.includes(`${longName} `), 'the whole name');
					assert.match(row, /e…/);
				}
				// The post count sits under its heading.
				assert.equal(amy.indexOf('3') + 1, heading.indexOf('posts') + 'posts'.length);
			} finally {
				app.unmount();
			}
		});
	}

	it('beside the preview pane (on by default at 200 columns) the columns follow the list\'s own width', async () => {
		const app = renderApp({database: db.database, width: 200, height: 20});
		try {
			await waitForText(app, '1 of 4');
			await waitForText(app, '│');
			const heading = lineWith(app, /^ {2}author +age {2}post/);
			// The list has 200 - 80 columns: the username column is capped at 30% of them.
			assert.equal(heading.indexOf('age') - 1 - 2 - 1, Math.floor(120 * 0.3));
			assert.ok(lines(app).every(line => line.length <= 200));
		} finally {
			app.unmount();
		}
	});

	it("a profile's list has its heading too, without an author column", async () => {
		const app = renderApp({database: db.database, width: 100, height: 20});
		try {
			await waitForText(app, '1 of 4');
			await press(app, 'u');
			await waitForText(app, 'Profile: amy');
			await waitForText(app, '1 of 3');
			const heading = lineWith(app, /^ {2} age {2}post/);
			const row = lineWith(app, /amy says 3/);
			assert.equal(row.indexOf('amy says 3'), heading.indexOf('post'));
			assert.doesNotMatch(frame(app), /author/);
			await press(app, keys.escape);
		} finally {
			app.unmount();
		}
	});
});
