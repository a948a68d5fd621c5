// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import pg from 'pg';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {compareSchema, diffSchemas, modelSchema} from '../../source/db/schema-check.js';
import {introspectSchema, normalizeType} from '../../source/db/schema-introspect.js';
import type {SchemaSnapshot} from '../../source/db/schema-introspect.js';

type Engine = {
	/** Opens a new, empty database. The model classes are shared, so only one is open at a time. */
	open(): Promise<Database>;
	/** Column types for hand-written DDL. */
	serialKey: string;
	dateTime: string;
};

async function withDatabase(engine: Engine, body: (database: Database) => Promise<void>): Promise<void> {
	const database = await engine.open();
	try {
		await body(database);
	} finally {
		await database.close();
	}
}

async function run(database: Database, statements: readonly string[]): Promise<void> {
	for (const sql of statements) {
		await database.sequelize.query(sql);
	}
}

function schemaCheckCases(engine: Engine): void {
	test('a database migrated to head matches the models', async () => {
		await withDatabase(engine, async database => {
			await upgrade(database, undefined);
			assert.deepEqual(await compareSchema(database), []);
		});
	});

	test('a dropped index is reported', async () => {
		await withDatabase(engine, async database => {
			await upgrade(database, undefined);
			await run(database, ['DROP INDEX ix_post_timestamp_id']);
			assert.deepEqual(await compareSchema(database), ['index ix_post_timestamp_id on post is missing']);
		});
	});

	test('an extra column is reported', async () => {
		await withDatabase(engine, async database => {
			await upgrade(database, undefined);
			await run(database, ['ALTER TABLE post ADD COLUMN extra INTEGER']);
			assert.deepEqual(await compareSchema(database), ['unexpected column post.extra']);
		});
	});

	test('an extra table and index are reported, the migration record is not', async () => {
		await withDatabase(engine, async database => {
			await upgrade(database, undefined);
			await run(database, ['CREATE TABLE note (id INTEGER)', 'CREATE INDEX ix_post_body ON post (body)']);
			assert.deepEqual(await compareSchema(database), ['unexpected index ix_post_body on post', 'unexpected table note']);
		});
	});

	test('a database at 0002-create-post lacks the feed indexes (and 0006\'s case-insensitive ones)', async () => {
		await withDatabase(engine, async database => {
			await upgrade(database, '0002-create-post');
			assert.deepEqual(await compareSchema(database), [
				'index ix_user_username_lower on user is missing',
				'index ix_user_email_lower on user is missing',
				'index ix_post_timestamp_id on post is missing',
				'index ix_post_user_id_timestamp_id on post is missing',
			]);
		});
	});

	test('a database at 0001-create-user lacks the post table', async () => {
		await withDatabase(engine, async database => {
			await upgrade(database, '0001-create-user');
			assert.deepEqual(await compareSchema(database), [
				'index ix_user_username_lower on user is missing',
				'index ix_user_email_lower on user is missing',
				'table post is missing',
			]);
		});
	});

	test('types, nullability, primary keys, index shape and foreign keys are compared', async () => {
		await withDatabase(engine, async database => {
			const {serialKey, dateTime} = engine;
			await run(database, [
				`CREATE TABLE "user" (id ${serialKey}, username VARCHAR(64) NOT NULL, email VARCHAR(120) NOT NULL)`,
				'CREATE UNIQUE INDEX ix_user_username ON "user" (username)',
				'CREATE INDEX ix_user_email ON "user" (email)',
				// Migration 0006's expression index by a column of the same name.
				'CREATE UNIQUE INDEX ix_user_email_lower ON "user" (email)',
				`CREATE TABLE account (id ${serialKey})`,
				`CREATE TABLE post (id INTEGER NOT NULL, body VARCHAR(100) NOT NULL, "timestamp" ${dateTime},
					user_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE)`,
				'CREATE INDEX ix_post_timestamp ON post ("timestamp")',
				'CREATE INDEX ix_post_timestamp_id ON post (id, "timestamp")',
				'CREATE INDEX ix_post_user_id_timestamp_id ON post (user_id, "timestamp", id)',
			]);
			assert.deepEqual(await compareSchema(database), [
				'column user.password_hash is missing',
				'index ix_user_email on user is not unique, expected unique',
				'index ix_user_username_lower on user is missing',
				'index ix_user_email_lower on user has columns (email), expected (<expression>)',
				'column post.id is outside the primary key, expected in the primary key',
				'column post.body has type VARCHAR(100), expected VARCHAR(140)',
				'column post.timestamp is nullable, expected NOT NULL',
				'index ix_post_timestamp_id on post has columns (id, timestamp), expected (timestamp, id)',
				'foreign key post(user_id) references account(id), expected user(id)',
				'foreign key post(user_id) has ON DELETE CASCADE, expected NO ACTION',
				'unexpected table account',
			]);
		});
	});
}

const temporaryDirectory = mkdtempSync(path.join(os.tmpdir(), 'microblog-schema-check-'));
let sqliteFiles = 0;

describe('compareSchema on SQLite', () => {
	after(() => {
		rmSync(temporaryDirectory, {recursive: true, force: true});
	});
	schemaCheckCases({
		open: async () => openDatabase(resolveDatabase(path.join(temporaryDirectory, `${++sqliteFiles}.db`)), {mode: 'create'}),
		serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
		dateTime: 'DATETIME',
	});

	test('foreign keys are matched by column, so a missing or an extra one is named', async () => {
		const database = await openDatabase(resolveDatabase(':memory:'), {mode: 'create'});
		try {
			const models = modelSchema(database.sequelize);
			const withoutForeignKeys: SchemaSnapshot = {
				tables: new Map([...models.tables].map(([name, table]) => [name, {...table, foreignKeys: []}])),
			};
			assert.deepEqual(diffSchemas(models, withoutForeignKeys), ['foreign key post(user_id) -> user(id) is missing']);
			assert.deepEqual(diffSchemas(withoutForeignKeys, models), ['unexpected foreign key post(user_id) -> user(id)']);
		} finally {
			await database.close();
		}
	});

	test('the models and a migrated database are the same plain data', async () => {
		const database = await openDatabase(resolveDatabase(path.join(temporaryDirectory, 'snapshot.db')), {mode: 'create'});
		try {
			await upgrade(database, undefined);
			const read = await introspectSchema(database);
			read.tables.delete('SequelizeMeta');
			// A database's triggers are read too (0004's, on SQLite); the models describe none.
			assert.deepEqual(
				Object.fromEntries([...read.tables].map(([name, table]) => [name, [...(table.triggers ?? [])]])),
				{post: ['post_timestamp_utc_insert', 'post_timestamp_utc_update'], user: []},
			);
			const live = {tables: new Map([...read.tables].map(([name, {triggers: _triggers, ...table}]) => [name, table]))};
			assert.deepEqual(live, modelSchema(database.sequelize));
		} finally {
			await database.close();
		}
	});
});

test('engine type spellings normalise to the one Sequelize writes', () => {
	assert.equal(normalizeType('character varying(64)'), 'VARCHAR(64)');
	assert.equal(normalizeType('timestamp with time zone'), 'TIMESTAMP WITH TIME ZONE');
	assert.equal(normalizeType(' integer '), 'INTEGER');
	assert.equal(normalizeType('numeric( 10, 2 )'), 'NUMERIC(10,2)');
	assert.equal(normalizeType('timestamp(3) with time zone'), 'TIMESTAMP(3) WITH TIME ZONE');
	// SQLite keeps what was declared, and INT PRIMARY KEY is not a rowid alias: not the same as INTEGER.
	assert.equal(normalizeType('INT'), 'INT');
});

const postgresUrl = process.env.TEST_DATABASE_URL;
if (postgresUrl) {
	describe('compareSchema on PostgreSQL', () => {
		// Each test gets its own schema through search_path, so nothing already in the database is touched.
		const schemas: string[] = [];
		async function admin(sql: string): Promise<void> {
			const client = new pg.Client({connectionString: postgresUrl});
			await client.connect();
			try {
				await client.query(sql);
			} finally {
				await client.end();
			}
		}
		after(async () => {
			for (const schema of schemas) {
				await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
			}
		});
		schemaCheckCases({
			async open() {
				const schema = `schema_check_${randomBytes(6).toString('hex')}`;
				await admin(`CREATE SCHEMA ${schema}`);
				schemas.push(schema);
				const url = new URL(postgresUrl);
				// %20, not URLSearchParams' '+': libpq (and so the app) decodes only percent escapes.
				url.searchParams.delete('options');
				url.search = `${url.search ? `${url.search}&` : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
				return openDatabase(resolveDatabase(url.toString()), {mode: 'create'});
			},
			serialKey: 'SERIAL PRIMARY KEY',
			dateTime: 'TIMESTAMP WITH TIME ZONE',
		});
	});
}
