// runs once: PostgreSQL only; skips itself without TEST_DATABASE_URL.
import '../helpers/pin-env.js';
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {createPostgresDatabase} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {runForeignClient} from '../helpers/foreign-client.js';
import {frame, renderApp, waitForText} from '../helpers/tui.js';

const needsPostgres = {skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set: no PostgreSQL server to test on'};

describe('the TUI on a URL with ?password=', () => {
	it('shows the database without the password in the status bar, and hears psql through the same URL', needsPostgres, async () => {
		assert.ok(testDatabaseUrl);
		const created = await createPostgresDatabase(testDatabaseUrl, 'microblog_url_tui');
		after(created.drop);
		const server = new URL(created.url);
		const password = decodeURIComponent(server.password);
		server.password = '';
		// The password as libpq's query parameter, as psql takes it too.
		const url = `${server.toString()}?password=${encodeURIComponent(password)}&application_name=status-bar-test`;
		const database = await openDatabase(resolveDatabase(url, {}), {mode: 'existing'});
		after(async () => database.close());
		await upgrade(database, undefined);

		const app = renderApp({database, width: 200, refreshMs: 200});
		after(() => app.unmount());
		const shown = await waitForText(app, 'password=***');
		assert.match(shown, /postgres:\/\/\w+@[^ ]+\?password=\*\*\*&application_name=status-bar-test/);
		if (password !== '') {
			assert.ok(!shown.includes(password), `the password is on the screen:\n${shown}`);
		}
		// The listener connects with the same settings: a row psql writes appears.
		await runForeignClient(url, "INSERT INTO \"user\" (username, email) VALUES ('pat', 'pat@example.com');\nINSERT INTO post (body, user_id) SELECT 'written by psql', id FROM \"user\";\n", 'postgres');
		await waitForText(app, 'written by psql');
		assert.ok(password === '' || !frame(app).includes(password));
	});
});
