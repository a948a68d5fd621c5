import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import {SqlLog} from '../../source/store/sql-log.js';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, waitFor, waitForText} from '../helpers/tui.js';
import type {RenderedApp} from '../helpers/tui.js';

/** The pane's text: the lines under its title, durations and wrapping undone, one statement run into the next. */
function paneText(app: RenderedApp): string {
	const lines = frame(app).split('\n');
	const title = lines.findIndex(line => line.includes('SQL · '));
	if (title === -1) {
		return '';
	}
	return lines
		.slice(title + 1)
		.map(line => line.replace(/^ +\d+(?:\.\d)? ms {2}/, '').trim())
		.join(' ');
}

async function waitForPane(app: RenderedApp, pattern: RegExp): Promise<string> {
	try {
		return await waitFor(() => (pattern.test(paneText(app)) ? paneText(app) : undefined), {what: String(pattern)});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

describe('SQL pane', () => {
	it('shows the query the posts association issues when a profile opens, with its duration', async () => {
		const log = new SqlLog();
		const db = await makeDatabase({logging: log.record});
		const amy = await seedUser('amy');
		const ben = await seedUser('ben');
		await seedPosts(amy, 3);
		await seedPosts(ben, 2);
		const app = renderApp({database: db.database, sqlLog: log, width: 120, height: 30});
		try {
			await waitForText(app, '1 of 5');
			assert.doesNotMatch(frame(app), /SQL · /);
			await press(app, '`');
			await waitForText(app, /SQL · \d+ statements run · newest last/);
			// The feed's first page is among the statements already run.
			await waitForPane(app, /SELECT .*FROM post AS "key" JOIN post AS "Post"/);
			await press(app, '2');
			await waitForText(app, 'Users · name A→Z');
			await press(app, keys.down);
			await waitForText(app, '2 of 2');
			await press(app, keys.enter);
			await waitForText(app, 'Profile: ben');
			// user.getPosts(): Sequelize's own association query, scoped by the foreign key, joined to the author.
			const q = '(?<q>[`"])';
			const association = new RegExp(
				`FROM ${q}post\\k<q> AS \\k<q>Post\\k<q> INNER JOIN \\k<q>user\\k<q> AS \\k<q>author\\k<q> ON \\k<q>Post\\k<q>\\.\\k<q>user_id\\k<q> = \\k<q>author\\k<q>\\.\\k<q>id\\k<q> WHERE .*\\k<q>Post\\k<q>\\.\\k<q>user_id\\k<q> = ${ben}\\b`,
			);
			const pane = await waitForPane(app, association);
			assert.match(pane, /ORDER BY [`"]Post[`"]\.[`"]timestamp[`"] DESC, [`"]Post[`"]\.[`"]id[`"] DESC LIMIT \d+/);
			// Every statement carries its duration.
			const durations = frame(app).split('\n').filter(line => /^ +\d+(?:\.\d)? ms {2}\S/.test(line));
			assert.ok(durations.length >= 2, `durations shown:\n${frame(app)}`);
			// The pane takes rows from the body: the status bar is still the last line.
			assert.match(frame(app).split('\n').at(-1)!, /Profile: ben/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('shows each keyset query while paging, live, and hides again on `', async () => {
		const log = new SqlLog();
		const db = await makeDatabase({logging: log.record});
		const amy = await seedUser('amy');
		await seedPosts(amy, 120, {body: index => `post ${index + 1}`});
		const app = renderApp({database: db.database, sqlLog: log, width: 120, height: 30});
		try {
			await waitForText(app, '1 of 120');
			await press(app, '`');
			await waitForText(app, 'SQL · ');
			const before = log.getCount();
			for (let page = 0; page < 8; page++) {
				await press(app, keys.pageDown);
			}
			await waitFor(() => log.getCount() > before, {what: 'a page query'});
			// A later page is read after the last row held: a keyset comparison, never an OFFSET. The pane shows the
			// statement as sent: its values are bound, `$1`, `$2`, … in the text.
			const pane = await waitForPane(app, /FROM post AS "key".*WHERE .*\("key"\."timestamp", "key"\."id"\) [<>] \(\$\d+, \$\d+\) ORDER BY .* LIMIT \$\d+/);
			assert.doesNotMatch(pane, /OFFSET/i);
			// The count read once could be passed before a frame shows it (the list may still be fetching its margin):
			// wait for a frame whose title matches the count of that moment.
			await waitFor(() => frame(app).includes(`SQL · ${log.getCount()} statements run`), {what: 'the title to show every statement run'});
			await press(app, '`');
			await waitFor(() => !frame(app).includes('SQL · '), {what: 'the pane to close'});
			// Closed, it neither renders nor listens, and the list has its rows back.
			await press(app, 'g');
			await waitForText(app, '1 of 120');
			assert.equal(frame(app).split('\n').filter(line => /^ +\d+(?:\.\d)? ms {2}/.test(line)).length, 0);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('sanitises statement text, which can hold what users wrote', async () => {
		const log = new SqlLog();
		const db = await makeDatabase({logging: log.record});
		const app = renderApp({database: db.database, sqlLog: log, width: 100, height: 24});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, '`');
			await waitForText(app, 'SQL · ');
			await db.database.sequelize.query("SELECT 'x\u001B[2J\u001B]0;title\u0007\u202Eevil\u009B31m' AS body", {type: QueryTypes.SELECT});
			const pane = await waitForPane(app, /SELECT 'x.*evil.*' AS body/);
			assert.doesNotMatch(frame(app), /[\u001B\u0007\u009B\u202E]/);
			assert.match(pane, /evil/);
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('is a character, not a toggle, while typing in the filter', async () => {
		const log = new SqlLog();
		const db = await makeDatabase({logging: log.record});
		const app = renderApp({database: db.database, sqlLog: log, width: 100, height: 24});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, '/');
			await waitForText(app, 'filter (text or @name');
			await press(app, '`');
			await waitForText(app, /Esc clears\): ` *\n/);
			assert.doesNotMatch(frame(app), /SQL · /);
			await press(app, keys.escape);
			await press(app, '`');
			await waitForText(app, 'SQL · ');
		} finally {
			app.unmount();
			await db.close();
		}
	});

	it('says so when the database was opened without a statement log', async () => {
		const db = await makeDatabase();
		const app = renderApp({database: db.database, width: 100, height: 24});
		try {
			await waitForText(app, 'No posts yet');
			await press(app, '`');
			await waitForText(app, 'SQL · statement logging is off for this database');
		} finally {
			app.unmount();
			await db.close();
		}
	});
});
