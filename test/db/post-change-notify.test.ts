// runs once: the SQLite case needs no server; the PostgreSQL cases skip themselves without TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import pg from 'pg';
import {resolveDatabase} from '../../source/config.js';
import {changeChannel} from '../../source/db/change-signal.js';
import {openDatabase} from '../../source/db/connection.js';
import {downgrade, planDowngrade, upgrade} from '../../source/db/migrator.js';
import type {Database} from '../../source/db/connection.js';
import {User} from '../../source/db/models/index.js';
import {migrationScript, migrationStatements, scriptRange} from '../../source/db/offline-sql.js';
import {composePost, deletePost} from '../../source/store/posts.js';
import {runProcess} from '../helpers/cli.js';
import {freshDatabase, migratedDatabase, select} from '../helpers/database.js';
import {testDatabaseUrl} from '../helpers/postgres.js';

const migration = '0005-post-change-notify';
const needsPostgres = {skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set: no PostgreSQL server to test on'};

const urlOf = (database: Database): string => (database.location.dialect === 'postgres' ? database.location.url : assert.fail('a PostgreSQL location'));

/** Runs SQL with the real psql client, as another program would, and fails on any error. */
async function psql(url: string, sql: string): Promise<string> {
	const result = await runProcess('psql', ['--no-psqlrc', '-qAt', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], {input: sql});
	assert.equal(result.code, 0, `psql failed: ${result.stderr}`);
	return result.stdout;
}

/** A connection of its own that LISTENs on the change channel and collects the payloads it hears. */
async function listener(url: string): Promise<{payloads: string[]; next: () => Promise<string>; end: () => Promise<void>}> {
	const client = new pg.Client({connectionString: url});
	const payloads: string[] = [];
	let wake: () => void = () => undefined;
	client.on('notification', message => {
		payloads.push(message.payload ?? '');
		wake();
	});
	await client.connect();
	await client.query(`LISTEN ${changeChannel}`);
	let read = 0;
	return {
		payloads,
		async next() {
			const timeout = setTimeout(() => wake(), 5000);
			try {
				while (payloads.length <= read) {
					const before = payloads.length;
					await new Promise<void>(resolve => {
						wake = resolve;
					});
					if (payloads.length === before) {
						assert.fail('no notification within 5 s');
					}
				}
			} finally {
				clearTimeout(timeout);
			}
			return payloads[read++]!;
		},
		end: async () => client.end(),
	};
}

async function triggerNames(database: Database): Promise<{triggers: string[]; functions: string[]}> {
	const triggers = await select<{tgname: string}>(database, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'post'::regclass AND NOT tgisinternal ORDER BY tgname");
	const functions = await select<{proname: string}>(database, "SELECT proname FROM pg_proc WHERE proname LIKE 'microblog%' ORDER BY proname");
	return {triggers: triggers.map(row => row.tgname), functions: functions.map(row => row.proname)};
}

describe(`migration ${migration}: every writer of post notifies on PostgreSQL`, () => {
	it('does nothing on SQLite (readers poll PRAGMA data_version), online or offline', async () => {
		assert.deepEqual(await migrationStatements(migration, 'up', 'sqlite'), []);
		assert.deepEqual(await migrationStatements(migration, 'down', 'sqlite'), []);
		const {database} = await migratedDatabase('app.db', 'sqlite');
		const triggers = await select<{name: string}>(database, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%notify%'");
		assert.deepEqual(triggers, []);
	});

	it('gives its PostgreSQL statements offline: a function and a statement-level trigger, dropped by down', async () => {
		const up = await migrationStatements(migration, 'up', 'postgres');
		assert.equal(up.length, 2);
		assert.match(up[0]!, /CREATE OR REPLACE FUNCTION microblog_post_changed\(\) RETURNS trigger/);
		assert.match(up[0]!, /pg_notify\('microblog_changes', coalesce\(current_setting\('microblog\.sender', true\), ''\)\)/);
		assert.match(up[1]!, /CREATE TRIGGER post_changed_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON post FOR EACH STATEMENT/);
		const down = await migrationStatements(migration, 'down', 'postgres');
		assert.deepEqual(down, ['DROP TRIGGER IF EXISTS post_changed_notify ON post;', 'DROP FUNCTION IF EXISTS microblog_post_changed();']);
	});

	it('PostgreSQL: a row psql inserts, updates, deletes or truncates notifies with an empty sender', needsPostgres, async () => {
		const {database} = await migratedDatabase('notify', 'postgres');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const url = urlOf(database);
		const heard = await listener(url);
		try {
			await psql(url, `INSERT INTO post (body, user_id) VALUES ('from psql', ${john.id}), ('and another', ${john.id})`);
			assert.equal(await heard.next(), '', 'one notification for the statement, naming no sender');
			await psql(url, "UPDATE post SET body = 'edited' WHERE body = 'from psql'");
			assert.equal(await heard.next(), '');
			await psql(url, "DELETE FROM post WHERE body = 'edited'");
			assert.equal(await heard.next(), '');
			await psql(url, 'TRUNCATE post');
			assert.equal(await heard.next(), '');
			assert.equal(heard.payloads.length, 4, 'a multi-row statement notifies once');
		} finally {
			await heard.end();
		}
	});

	it('PostgreSQL: compose and delete name their sender in the trigger\'s payload, with no pg_notify of their own', needsPostgres, async () => {
		const {database: migrated} = await migratedDatabase('sender', 'postgres');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const statements: string[] = [];
		// The app's own connection, with the statement log the SQL pane reads.
		const database = await openDatabase(resolveDatabase(urlOf(migrated)), {mode: 'existing', logging: sql => statements.push(sql)});
		const heard = await listener(urlOf(database));
		try {
			const post = await composePost(database, {id: john.id, username: 'john'}, 'hello');
			const composed = statements.length;
			await deletePost(database, john.id, post.id);
			const sender = await heard.next();
			assert.match(sender, /^post \S+$/);
			assert.equal(await heard.next(), sender, 'delete names the same sender');
			assert.equal(statements.filter(sql => /pg_notify/.test(sql)).length, 0, statements.join('\n'));
			const compose = statements.slice(0, composed);
			assert.equal(compose.length, 4, `START TRANSACTION, set_config, INSERT, COMMIT: the round trips of before\n${compose.join('\n')}`);
			assert.match(compose[1]!, /set_config\('microblog\.sender'/);
			assert.match(compose[2]!, /INSERT INTO "post"/);
			// The setting is the transaction's own: a later statement on the same connection names nobody.
			const [after] = await select<{sender: string | null}>(database, "SELECT current_setting('microblog.sender', true) AS sender");
			assert.ok(after!.sender === null || after!.sender === '', `no sender outside the transaction: ${after!.sender}`);
		} finally {
			await heard.end();
			await database.close();
		}
	});

	it('PostgreSQL: down drops the trigger and the function, up puts them back; the offline script does the same', needsPostgres, async () => {
		const {database} = await migratedDatabase('updown', 'postgres');
		assert.deepEqual(await triggerNames(database), {triggers: ['post_changed_notify'], functions: ['microblog_post_changed']});
		await downgrade(database, await planDowngrade(database, '0004-post-timestamp-utc'));
		assert.deepEqual(await triggerNames(database), {triggers: [], functions: []});
		await upgrade(database, undefined);
		assert.deepEqual(await triggerNames(database), {triggers: ['post_changed_notify'], functions: ['microblog_post_changed']});

		const {database: scripted} = await freshDatabase('scripted', 'postgres');
		await psql(urlOf(scripted), await migrationScript(scriptRange('up', {}), 'postgres'));
		assert.deepEqual(await triggerNames(scripted), {triggers: ['post_changed_notify'], functions: ['microblog_post_changed']});
		await psql(urlOf(scripted), await migrationScript(scriptRange('down', {to: '0004-post-timestamp-utc'}), 'postgres'));
		assert.deepEqual(await triggerNames(scripted), {triggers: [], functions: []});
	});
});
