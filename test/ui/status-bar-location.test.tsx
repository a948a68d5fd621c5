import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {parsePostgresUrl} from '../../source/postgres-url.js';
import {locationLabel} from '../../source/ui/text/location-label.js';
import {testEngine} from '../helpers/engine.js';
import {frame, makeDatabase, renderApp, waitForText} from '../helpers/tui.js';
import type {TestDatabase} from '../helpers/tui.js';

const home = '/home/ana';
const file = '/home/ana/.local/share/microblog-tui/app.db';

describe('the database in the status bar (issue 19)', () => {
	it('is home-relative, then has its middle folders elided, then is its basename', () => {
		assert.equal(locationLabel(file, 60, home), '~/.local/share/microblog-tui/app.db');
		assert.equal(locationLabel(file, 30, home), '~/…/share/microblog-tui/app.db');
		assert.equal(locationLabel(file, 26, home), '~/…/microblog-tui/app.db');
		assert.equal(locationLabel(file, 12, home), '~/…/app.db');
		assert.equal(locationLabel(file, 9, home), 'app.db');
		assert.equal(locationLabel(file, 4, home), 'app…');
		assert.equal(locationLabel('/srv/data/blog/app.db', 16, home), '/…/blog/app.db');
		assert.equal(locationLabel('/home/anabel/app.db', 40, home), '/home/anabel/app.db', 'only a whole folder is home');
		for (const room of [1, 5, 12, 30, 80]) {
			assert.ok(locationLabel(file, room, home).length <= room);
		}
	});

	it('keeps both ends of a long URL, which stays redacted', () => {
		const {display} = parsePostgresUrl('postgres://me:s3cret-pass@db.example.com:5432/microblog_production?sslmode=require');
		assert.ok(!display.includes('s3cret'));
		const label = locationLabel(display, 30, home);
		assert.equal(label.length, 30);
		assert.match(label, /^postgres:\/\/me:.*…[^ ]*require$/);
		assert.ok(!label.includes('s3cret'));
		assert.equal(locationLabel(display, 200, home), display);
	});

	describe('in the App', () => {
		let db: TestDatabase;
		const savedHome = process.env.HOME;

		before(async () => {
			db = await makeDatabase();
		});

		after(async () => {
			process.env.HOME = savedHome;
			await db.close();
		});

		it('shows the database file home-relative when wide, its basename when narrow, never more than its share', async () => {
			// The test database's folder is under HOME, as a user's data directory is.
			const folder = path.dirname(path.dirname(db.file));
			process.env.HOME = folder;
			const relative = `~${db.file.slice(folder.length)}`;
			for (const width of [160, 90, 66]) {
				const app = renderApp({database: db.database, width, height: 12});
				try {
					const status = await waitForText(app, '0 of 0 ·');
					const bar = status.split('\n').at(-1)!;
					if (testEngine === 'sqlite') {
						if (width === 160) {
							assert.ok(bar.includes(` · ${relative} · `), bar);
						} else if (width === 90) {
							assert.ok(bar.includes(` · ${relative} · `) || bar.includes(' · ~/…/test.db · '), bar);
						} else {
							assert.ok(bar.includes(" · test.db · "), `${bar}`);
						}
						assert.ok(!bar.includes(folder), 'never the full path');
					} else {
						assert.match(bar, / · post\S* · /);
					}
					assert.ok(bar.length <= width);
					assert.match(frame(app), /not signed in · \? help/);
				} finally {
					app.unmount();
				}
			}
		});
	});
});
