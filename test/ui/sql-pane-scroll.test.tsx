import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {QueryTypes} from 'sequelize';
import {SqlLog} from '../../source/store/sql-log.js';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, waitFor, waitForText} from '../helpers/tui.js';
import type {RenderedApp} from '../helpers/tui.js';

/** The pane's title line and the markers of the statements it shows. */
function pane(app: RenderedApp): {title: string; markers: number[]; rows: number} {
	const lines = frame(app).split('\n');
	const title = lines.findIndex(line => line.includes('SQL · '));
	const below = title === -1 ? [] : lines.slice(title + 1, -2);
	const markers = below.flatMap(line => [...line.matchAll(/marker (\d+)'/g)].map(match => Number(match[1])));
	return {title: lines[title] ?? '', markers, rows: below.length + 1};
}

async function waitForPane(app: RenderedApp, check: (shown: ReturnType<typeof pane>) => boolean, what: string): Promise<ReturnType<typeof pane>> {
	try {
		return await waitFor(() => (check(pane(app)) ? pane(app) : undefined), {what});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

describe('the SQL pane scrolls and grows (issue 19)', () => {
	it('f gives it the keys: ↑/↓, PgUp/PgDn and g/G scroll by statement, +/- change its height (remembered), Esc gives them back', async () => {
		const log = new SqlLog();
		const db = await makeDatabase({logging: log.record});
		const settings = mkdtempSync(path.join(tmpdir(), 'microblog-tui-settings-'));
		const amy = await seedUser('amy');
		await seedPosts(amy, 3);
		let app = renderApp({database: db.database, sqlLog: log, width: 120, height: 30, settingsDirectory: settings});
		try {
			await waitForText(app, '1 of 3');
			// 99 statements the engine really runs, each with its number.
			for (let index = 1; index <= 99; index++) {
				await db.database.sequelize.query(`SELECT 'marker ${index}' AS marker`, {type: QueryTypes.SELECT});
			}
			await press(app, '`');
			let shown = await waitForPane(app, ({markers}) => markers.at(-1) === 99, 'the newest statement');
			assert.match(shown.title, /newest last · \d+–\d+ of \d+ · f scrolls · ` hides/);
			const visible = shown.markers.length;
			assert.ok(visible >= 3, `${visible} statements shown`);
			// Unfocused, j moves the list as before.
			await press(app, 'f');
			shown = await waitForPane(app, ({title}) => title.includes('PgUp/PgDn g/G scroll'), 'the focused title');
			await press(app, keys.up);
			shown = await waitForPane(app, ({markers}) => markers.at(-1) === 98, 'one statement back');
			assert.match(shown.title, /scrolled back/);
			assert.match(shown.title, /\d+–\d+ of \d+/);
			await press(app, keys.pageUp);
			shown = await waitForPane(app, ({markers}) => (markers.at(-1) ?? 99) < 98, 'a page back');
			const afterPage = shown.markers.at(-1)!;
			await press(app, 'k');
			await waitForPane(app, ({markers}) => markers.at(-1) === afterPage - 1, 'k scrolls too');
			await press(app, 'g');
			// The oldest kept statements are the app's own (no marker yet).
			await waitForPane(app, ({markers, title}) => markers.length === 0 && /scrolled back/.test(title), 'the oldest statements');
			await press(app, keys.pageDown);
			await press(app, 'G');
			shown = await waitForPane(app, ({markers, title}) => markers.at(-1) === 99 && /newest last/.test(title), 'back at the newest');
			// The list under the pane did not move while the pane had the keys.
			assert.match(frame(app), /1 of 3/);
			const rowsBefore = shown.rows;
			await press(app, '+', '+', '+');
			shown = await waitForPane(app, ({rows}) => rows === rowsBefore + 3, 'three rows taller');
			assert.ok(shown.markers.length > visible);
			const savedRows = async (rows: number) =>
				waitFor(() => {
					try {
						return JSON.parse(readFileSync(path.join(settings, 'settings.json'), 'utf8')).sqlPaneRows === rows;
					} catch {
						return false;
					}
				}, {what: `the height saved as ${rows}`});
			await savedRows(rowsBefore + 3);
			await press(app, '-');
			await waitForPane(app, ({rows}) => rows === rowsBefore + 2, 'one row shorter');
			await savedRows(rowsBefore + 2);
			await waitFor(() => {
				try {
					return JSON.parse(readFileSync(path.join(settings, 'settings.json'), 'utf8')).sqlPaneRows === rowsBefore + 2;
				} catch {
					return false;
				}
			}, {what: 'the height saved'});
			await press(app, keys.escape);
			await waitForPane(app, ({title}) => title.includes('f scrolls'), 'unfocused');
			await press(app, 'j');
			await waitForText(app, '2 of 3');
			app.unmount();
			// The next run opens the pane at the height chosen.
			app = renderApp({database: db.database, sqlLog: log, width: 120, height: 30, settingsDirectory: settings});
			await waitForText(app, '1 of 3');
			await press(app, '`');
			await waitForPane(app, ({rows}) => rows === rowsBefore + 2, `the remembered height (${rowsBefore + 2} rows)`);
		} finally {
			app.unmount();
			rmSync(settings, {recursive: true, force: true});
			await db.close();
		}
	});
});
