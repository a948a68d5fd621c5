// runs once: PostgreSQL only; skips itself without TEST_DATABASE_URL.
// A connection of Sequelize's pool that the server ends before Sequelize listens on it must not end the process.
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import pg from 'pg';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';

const needsPostgres = {skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set: no PostgreSQL server to test on'};

type ClientClass = new (config: string) => pg.Client;

describe('PostgreSQL connections and server-side errors', () => {
	it('a client that Sequelize creates has an error listener before it connects, and a terminated one fails only its own work', needsPostgres, async () => {
		const url = await newDatabaseLocation('errors', 'postgres');
		const database = await openDatabase(resolveDatabase(url));
		after(async () => database.close());
		const {lib} = (database.sequelize as unknown as {connectionManager: {lib: {Client: ClientClass}}}).connectionManager;
		const client = new lib.Client(url);
		assert.ok(client.listenerCount('error') >= 1, 'an error listener from the start');
		// As pg reports a server's FATAL on an idle connection: with no listener this throws, as an uncaught exception.
		assert.doesNotThrow(() => client.emit('error', new Error('terminating connection due to administrator command')));
		await client.end().catch(() => undefined);

		// A pool connection terminated by the server: the next query still works on a new one.
		await database.sequelize.query('SELECT 1');
		const admin = new pg.Client({connectionString: url});
		await admin.connect();
		try {
			await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'microblog-tui' AND pid <> pg_backend_pid()");
		} finally {
			await admin.end();
		}
		let answered = false;
		for (let attempt = 0; attempt < 50 && !answered; attempt++) {
			answered = await database.sequelize.query('SELECT 1').then(
				() => true,
				() => false,
			);
		}
		assert.ok(answered, 'a query answered again after the termination');
	});
});
