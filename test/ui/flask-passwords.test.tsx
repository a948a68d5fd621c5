import '../helpers/pin-env.js';
// The TUI's sign-in form with users the Flask tutorial's app made (inserted here by the engine's own client): a
// Werkzeug hash signs in; a user with no password is told how to get one.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {runForeignClient} from '../helpers/foreign-client.js';
import {frame, keys, makeDatabase, press, renderApp, waitForText} from '../helpers/tui.js';
import type {RenderedApp, TestDatabase} from '../helpers/tui.js';

// Made by Werkzeug 3.1.8: generate_password_hash('correct horse battery', 'pbkdf2:sha256:1000').
const werkzeugHash = 'pbkdf2:sha256:1000$QnU6LNV0hamIPejn$b1b4570268a112fc1446961e02844839f5eafd02aa8ac39354ec10986b5df873';

describe("the sign-in form with the Flask tutorial's users", () => {
	let db: TestDatabase;
	let app: RenderedApp;

	before(async () => {
		db = await makeDatabase();
		await runForeignClient(
			db.file,
			`INSERT INTO "user" (username, email, password_hash) VALUES ('susan', 'susan@example.com', '${werkzeugHash}');\n` +
				`INSERT INTO "user" (username, email, password_hash) VALUES ('john', 'john@example.com', NULL);\n`,
		);
		app = renderApp({database: db.database});
		await waitForText(app, 'not signed in');
	});

	after(async () => {
		app.unmount();
		await db.close();
	});

	it('a user with no password is told to run --set-password', async () => {
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await press(app, 'john', keys.tab, 'anything at all', keys.enter);
		await waitForText(app, 'john has no password yet: run microblog-tui --set-password john');
		await press(app, keys.escape);
	});

	it("signs in with a Werkzeug hash, which is then stored in our format", async () => {
		await press(app, 'a', 's');
		await waitForText(app, 'Sign in');
		await press(app, 'susan', keys.tab, 'correct horse battery', keys.enter);
		await waitForText(app, 'signed in as susan');
		assert.match(frame(app), /susan · \? help/);
		const stored = (await runForeignClient(db.file, `SELECT password_hash FROM "user" WHERE username = 'susan';\n`)).trim();
		assert.match(stored, /^\$scrypt\$ln=17,r=8,p=1\$/);
	});
});
