import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {Post, User} from '../../source/db/models/index.js';
import {frame, keys, makeDatabase, press, renderApp, testPasswordHash, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

const hostile = {
	osc52: 'copy\u001B]52;c;cm0gLXJmIH4=\u0007me',
	osc0: 'title\u001B]0;pwned\u001B\\here',
	csi: 'cursor\u001B[2J\u001B[10;10Hmoves\u001B[31m',
	c1: 'eight\u009B2J\u009D0;bad\u009Cbit\u0085\u0090dcs\u009C',
	unterminated: 'open\u001B]8;;http://evil.example/\u0007link\u001B]0;never ends',
	rlo: 'abc\u202Eevil\u202C\u2066iso\u2069',
};

/** Anything that could reach the terminal as a control: ESC, C0 (but line feed), DEL, C1, bidi controls. */
const forbidden = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe('text from the database cannot control the terminal', () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		const hash = await testPasswordHash();
		// Usernames are validated by the model; a hostile one can still arrive from another tool, so write it raw.
		await db.database.sequelize.query(`INSERT INTO "user" (username, email, password_hash) VALUES (?, ?, ?)`, {
			replacements: [`evil${hostile.osc0}${hostile.rlo}`, `x${hostile.csi}@example.com`, hash],
		});
		const user = await User.findOne({where: {email: `x${hostile.csi}@example.com`}});
		assert.ok(user);
		for (const body of Object.values(hostile)) {
			await db.database.sequelize.query(`INSERT INTO post (body, user_id, timestamp) VALUES (?, ?, ?)`, {
				replacements: [body, user.id, '2024-01-01 00:00:00.000 +00:00'],
			});
		}
		assert.equal(await Post.count(), 6);
		app = renderApp({database: db.database, color: false});
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	it('renders every view without escape, control or bidi characters', async () => {
		await waitForText(app, '1 of 6');
		await waitForText(app, 'copyme');
		// Feed, each post in full, the author's profile, the users list, the help overlay.
		for (let index = 0; index < 6; index++) {
			await press(app, keys.enter);
			await waitForText(app, 'Post #');
			await press(app, keys.escape, 'j');
			await waitForText(app, `${Math.min(index + 2, 6)} of 6`);
		}
		await press(app, 'u');
		await waitForText(app, 'Profile: evil');
		await press(app, keys.escape, '2');
		await waitForText(app, 'Users · name A→Z');
		await press(app, keys.enter);
		await waitForText(app, '6 posts');
		await press(app, keys.escape, '?');
		await waitForText(app, 'Keys — Users');
		for (const [index, rendered] of app.frames.entries()) {
			assert.ok(!forbidden.test(rendered), `frame ${index} carries a control character: ${JSON.stringify(rendered)}`);
		}
		assert.ok(app.frames.some(rendered => rendered.includes('cursormoves')));
		assert.ok(app.frames.some(rendered => rendered.includes('abcevil')));
		assert.ok(!app.frames.some(rendered => rendered.includes('cm0gLXJmIH4')), 'the OSC 52 payload is dropped');
		assert.ok(frame(app).length > 0);
	});
});
