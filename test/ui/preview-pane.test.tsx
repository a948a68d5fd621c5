import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {runForeignClient} from '../helpers/foreign-client.js';
import {frame, keys, makeDatabase, press, renderApp, seedPosts, seedUser, waitFor, waitForGone, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

// 140 characters: cut with … in the list's row, whole (wrapped) in the preview.
const longBody = `${'The whole of this post is in the preview pane, wrapped to its width, while the list cuts it short; '.repeat(2)}`.slice(0, 131) + ' THE END.';

/** The right-hand side of each line, after the pane's border. */
function previewText(app: RenderedApp): string {
	return frame(app)
		.split('\n')
		.map(line => (line.includes('│') ? line.slice(line.indexOf('│') + 1).trim() : ''))
		.filter(Boolean)
		.join(' ');
}

async function waitForPreview(app: RenderedApp, text: string): Promise<string> {
	try {
		return await waitFor(() => (previewText(app).includes(text) ? previewText(app) : undefined), {what: `preview with ${text}`});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

describe('the preview pane (issue 19)', () => {
	let db: TestDatabase;
	let settings: string;

	before(async () => {
		db = await makeDatabase();
		settings = mkdtempSync(path.join(tmpdir(), 'microblog-tui-settings-'));
		const amy = await seedUser('amy');
		await seedPosts(amy, 5, {body: index => `short post ${index + 1}`, endsAt: new Date(Date.now() - 3_600_000)});
		// The newest post comes from another program: the sqlite3 shell or psql.
		const utc = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').slice(0, 19);
		await runForeignClient(db.file, `INSERT INTO post (body, user_id, timestamp) VALUES ('${longBody}', ${amy}, '${utc}');`);
		assert.equal(longBody.length, 140);
	});

	after(async () => {
		rmSync(settings, {recursive: true, force: true});
		await db.close();
	});

	it('shows the selected post whole beside the list at 160 columns, following the selection', async () => {
		const app = renderApp({database: db.database, width: 160, height: 24, settingsDirectory: settings});
		try {
			await waitForText(app, '1 of 6');
			const shown = await waitForPreview(app, 'THE END.');
			assert.match(shown, /amy {2}post #\d+/);
			// The list's row of the same post is cut.
			assert.match(frame(app), /› amy .*The whole of this post.*…\s*│/);
			// The time as the Post view shows it.
			const time = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2} \([^)]*\)/.exec(shown)?.[0];
			assert.ok(time, shown);
			await press(app, keys.enter);
			await waitForText(app, time);
			await press(app, keys.escape);
			await press(app, 'j');
			await waitForPreview(app, 'short post 5');
			assert.ok(!previewText(app).includes('THE END.'));
			assert.ok(frame(app).split('\n').every(line => line.length <= 160));
		} finally {
			app.unmount();
		}
	});

	it('v hides it and the choice is remembered across runs in a 0600 file; v shows it again', async () => {
		let app = renderApp({database: db.database, width: 160, height: 24, settingsDirectory: settings});
		try {
			await waitForPreview(app, 'THE END.');
			await press(app, 'v');
			await waitForText(app, 'preview pane off');
			await waitForGone(app, '│');
			const file = path.join(settings, 'settings.json');
			await waitFor(() => {
				try {
					return JSON.parse(readFileSync(file, 'utf8')).preview === false;
				} catch {
					return false;
				}
			}, {what: 'the settings file'});
			assert.equal(statSync(file).mode & 0o777, 0o600);
		} finally {
			app.unmount();
		}
		app = renderApp({database: db.database, width: 160, height: 24, settingsDirectory: settings});
		try {
			await waitForText(app, '1 of 6');
			// Without the pane the list is wide enough for the whole post.
			await waitForText(app, /› amy .*The whole of this post.* THE END\./);
			assert.ok(!frame(app).includes('│'), 'still off in the next run');
			await press(app, 'v');
			await waitForPreview(app, 'THE END.');
			await waitFor(() => JSON.parse(readFileSync(path.join(settings, 'settings.json'), 'utf8')).preview === true, {what: 'saved on'});
		} finally {
			app.unmount();
		}
	});

	it('is absent below 140 columns, where v says the terminal is too narrow', async () => {
		const app = renderApp({database: db.database, width: 139, height: 24, settingsDirectory: settings});
		try {
			await waitForText(app, '1 of 6');
			assert.ok(!frame(app).includes('│'));
			await press(app, 'v');
			await waitForText(app, 'the preview pane needs a terminal of 140 columns or more (this one has 139)');
			assert.ok(!frame(app).includes('│'));
		} finally {
			app.unmount();
		}
		assert.equal(JSON.parse(readFileSync(path.join(settings, 'settings.json'), 'utf8')).preview, true, 'v changed nothing');
	});

	it("follows a profile's list too, and a corrupt settings file is ignored", async () => {
		writeFileSync(path.join(settings, 'settings.json'), '{"preview": tru');
		const app = renderApp({database: db.database, width: 150, height: 24, settingsDirectory: settings});
		try {
			await waitForText(app, '1 of 6');
			await waitForPreview(app, 'THE END.');
			await press(app, 'u');
			await waitForText(app, 'Profile: amy');
			await press(app, 'G');
			await waitForPreview(app, 'short post 1');
		} finally {
			app.unmount();
		}
	});

	it('a setting that cannot be saved says so in one line and holds for the run', async () => {
		const blocked = mkdtempSync(path.join(tmpdir(), 'microblog-tui-settings-'));
		// A directory where the file goes: it can be neither read nor replaced.
		mkdirSync(path.join(blocked, 'settings.json'));
		const app = renderApp({database: db.database, width: 160, height: 24, settingsDirectory: blocked});
		try {
			await waitForPreview(app, 'THE END.');
			await press(app, 'v');
			const shown = await waitForText(app, /the setting holds for this run only: cannot save settings\.json \(EISDIR\)/);
			assert.ok(!shown.includes('    at '), 'no stack trace');
			assert.ok(!frame(app).includes('│'), 'the pane is off for this run');
		} finally {
			app.unmount();
			rmSync(blocked, {recursive: true, force: true});
		}
	});
});
