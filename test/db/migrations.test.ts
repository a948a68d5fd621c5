// sqlite-only: reads the schema through PRAGMAs; test/db/postgres-schema.test.ts checks PostgreSQL.
import assert from 'node:assert/strict';
import path from 'node:path';
import {describe, it} from 'node:test';
import {downgrade, migrationFiles, migrationStatus, planDowngrade, upgrade} from '../../source/db/migrator.js';
import type {Database} from '../../source/db/connection.js';
import {freshDatabase, migratedDatabase, select} from '../helpers/database.js';
import {projectRoot} from '../helpers/cli.js';
import {runForeignClient} from '../helpers/foreign-client.js';

type Column = {name: string; type: string; notnull: number; pk: number; dflt_value: string | null};
type IndexInfo = {name: string; unique: number; origin: string};
type ForeignKey = {table: string; from: string; to: string; on_update: string; on_delete: string};

async function columns(database: Database, table: string): Promise<Column[]> {
	return select<Column>(database, `PRAGMA table_info("${table}")`);
}

/** Named indexes (not SQLite's automatic ones) as name → {unique, columns}. */
async function indexes(database: Database, table: string): Promise<Record<string, {unique: boolean; columns: string[]}>> {
	const list = await select<IndexInfo>(database, `PRAGMA index_list("${table}")`);
	const result: Record<string, {unique: boolean; columns: string[]}> = {};
	for (const index of list.filter(entry => entry.origin === 'c')) {
		const info = await select<{name: string}>(database, `PRAGMA index_info("${index.name}")`);
		result[index.name] = {unique: index.unique === 1, columns: info.map(column => column.name)};
	}
	return result;
}

async function tables(database: Database): Promise<string[]> {
	const rows = await select<{name: string}>(
		database,
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
	);
	return rows.map(row => row.name);
}

async function count(database: Database, table: string): Promise<number> {
	const [row] = await select<{n: number}>(database, `SELECT count(*) AS n FROM "${table}"`);
	return row!.n;
}

async function insertSampleRows(database: Database): Promise<void> {
	await database.sequelize.query(
		`INSERT INTO "user" (username, email) VALUES ('john', 'john@example.com'), ('susan', 'susan@example.com')`,
	);
	await database.sequelize.query(
		`INSERT INTO post (body, user_id) VALUES ('first', 1), ('second', 1), ('third', 2)`,
	);
}

describe('migrated schema (SQLite)', () => {
	it('matches DESIGN.md: user table', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		const user = await columns(database, 'user');
		assert.deepEqual(
			user.map(({name, type, notnull, pk}) => ({name, type, notnull, pk})),
			[
				{name: 'id', type: 'INTEGER', notnull: 0, pk: 1},
				{name: 'username', type: 'VARCHAR(64)', notnull: 1, pk: 0},
				{name: 'email', type: 'VARCHAR(120)', notnull: 1, pk: 0},
				{name: 'password_hash', type: 'VARCHAR(128)', notnull: 0, pk: 0},
			],
		);
		assert.deepEqual(await indexes(database, 'user'), {
			ix_user_username: {unique: true, columns: ['username']},
			ix_user_email: {unique: true, columns: ['email']},
			// Expression keys (lower(...)): index_info names no column.
			ix_user_username_lower: {unique: true, columns: [null as unknown as string]},
			ix_user_email_lower: {unique: true, columns: [null as unknown as string]},
		});
	});

	it('matches DESIGN.md: post table, its indexes and its foreign key without cascade', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		const post = await columns(database, 'post');
		assert.deepEqual(
			post.map(({name, type, notnull, pk}) => ({name, type, notnull, pk})),
			[
				{name: 'id', type: 'INTEGER', notnull: 0, pk: 1},
				{name: 'body', type: 'VARCHAR(140)', notnull: 1, pk: 0},
				{name: 'timestamp', type: 'DATETIME', notnull: 1, pk: 0},
				{name: 'user_id', type: 'INTEGER', notnull: 1, pk: 0},
			],
		);
		assert.match(post.find(column => column.name === 'timestamp')!.dflt_value ?? '', /strftime/);
		assert.deepEqual(await indexes(database, 'post'), {
			ix_post_timestamp: {unique: false, columns: ['timestamp']},
			ix_post_timestamp_id: {unique: false, columns: ['timestamp', 'id']},
			ix_post_user_id_timestamp_id: {unique: false, columns: ['user_id', 'timestamp', 'id']},
		});
		const keys = await select<ForeignKey>(database, 'PRAGMA foreign_key_list("post")');
		assert.deepEqual(
			keys.map(({table, from, to, on_update, on_delete}) => ({table, from, to, on_update, on_delete})),
			[{table: 'user', from: 'user_id', to: 'id', on_update: 'NO ACTION', on_delete: 'NO ACTION'}],
		);
	});

	it('enforces the foreign key, and a user with posts cannot be deleted out from under them', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		await insertSampleRows(database);
		await assert.rejects(database.sequelize.query(`INSERT INTO post (body, user_id) VALUES ('orphan', 99)`), /FOREIGN KEY/);
		await assert.rejects(database.sequelize.query(`DELETE FROM "user" WHERE id = 1`), /FOREIGN KEY/);
		assert.equal(await count(database, 'post'), 3);
	});

	it('writes one timestamp format whatever path wrote the row', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		await insertSampleRows(database);
		const {Post} = await import('../../source/db/models/index.js');
		await Post.create({body: 'through the model', user_id: 2});
		const rows = await select<{timestamp: string}>(database, 'SELECT timestamp FROM post');
		assert.equal(rows.length, 4);
		for (const row of rows) {
			// The canonical UTC text of migration 0004 (SQLAlchemy's), whether the model, the default or a raw INSERT wrote it.
			assert.match(row.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
		}
	});

	it('records migration names without their extension, in WAL mode', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		const names = await select<{name: string}>(database, 'SELECT name FROM "SequelizeMeta" ORDER BY name');
		assert.deepEqual(
			names.map(row => row.name),
			['0001-create-user', '0002-create-post', '0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique'],
		);
		const [mode] = await select<{journal_mode: string}>(database, 'PRAGMA journal_mode');
		assert.equal(mode!.journal_mode, 'wal');
	});
});

describe('moving through the history', () => {
	it('round-trips up → down → up and keeps every row a step does not own', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		await insertSampleRows(database);

		await downgrade(database, await planDowngrade(database, '0002-create-post'));
		assert.equal((await migrationStatus(database)).current, '0002-create-post');
		assert.equal((await indexes(database, 'post')).ix_post_timestamp_id, undefined);
		assert.equal(await count(database, 'post'), 3, 'dropping indexes keeps the posts');

		await downgrade(database, await planDowngrade(database, '0001-create-user'));
		assert.deepEqual(await tables(database), ['SequelizeMeta', 'user']);
		assert.equal(await count(database, 'user'), 2, 'dropping post keeps the users');

		await upgrade(database, undefined);
		assert.equal((await migrationStatus(database)).current, '0006-user-case-unique');
		assert.equal(await count(database, 'user'), 2);
		assert.equal(await count(database, 'post'), 0);
		assert.deepEqual(Object.keys(await indexes(database, 'post')).sort(), [
			'ix_post_timestamp',
			'ix_post_timestamp_id',
			'ix_post_user_id_timestamp_id',
		]);
	});

	it('--to goes up to and down to a named migration, leaving it applied (Alembic semantics)', async () => {
		const {database} = await freshDatabase('app.db', 'sqlite');
		const up = await upgrade(database, '0002-create-post');
		assert.deepEqual(up.ran, ['0001-create-user', '0002-create-post']);
		assert.deepEqual(up.status.pending, ['0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique']);

		await upgrade(database, undefined);
		const plan = await planDowngrade(database, '0001-create-user');
		assert.deepEqual(plan.steps, ['0006-user-case-unique', '0005-post-change-notify', '0004-post-timestamp-utc', '0003-feed-indexes', '0002-create-post']);
		const down = await downgrade(database, plan);
		assert.deepEqual(down.ran, ['0006-user-case-unique', '0005-post-change-notify', '0004-post-timestamp-utc', '0003-feed-indexes', '0002-create-post']);
		assert.equal(down.status.current, '0001-create-user');

		const base = await downgrade(database, await planDowngrade(database, 'base'));
		assert.deepEqual(base.ran, ['0001-create-user']);
		assert.equal(base.status.current, null);
		assert.deepEqual(await tables(database), ['SequelizeMeta']);
	});

	it('plans a downgrade with the rows each dropped table holds', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		await insertSampleRows(database);
		const plan = await planDowngrade(database, 'base');
		assert.deepEqual(plan.drops, [
			{table: 'post', rows: 3},
			{table: 'user', rows: 2},
		]);
	});

	it('a downgrade whose tables gained rows since its plan stops with nothing changed (the TUI confirms a plan too)', async () => {
		const {database, file} = await migratedDatabase('app.db', 'sqlite');
		await insertSampleRows(database);
		const plan = await planDowngrade(database, '0001-create-user');
		assert.deepEqual(plan.drops, [{table: 'post', rows: 3}]);
		await runForeignClient(file, "INSERT INTO post (body, timestamp, user_id) VALUES ('late', '2026-12-01 10:00:00.000 +00:00', 1);\n", 'sqlite');
		await assert.rejects(downgrade(database, plan), {
			message: 'downgrade stopped: it would now delete 4 rows in post, more than the 3 confirmed; nothing was changed (run it again to see and confirm the new count)',
		});
		assert.equal((await migrationStatus(database)).current, '0006-user-case-unique', 'not even the steps before the drop were reverted');
		assert.equal(await count(database, 'post'), 4);
		assert.ok((await indexes(database, 'post')).ix_post_timestamp_id);
		const anyRows = await downgrade(database, plan, {}, {}, {anyRows: true});
		assert.equal(anyRows.status.current, '0001-create-user');
	});

	it('upgrading an up-to-date database does nothing', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		const again = await upgrade(database, undefined);
		assert.deepEqual(again.ran, []);
		const earlier = await upgrade(database, '0001-create-user');
		assert.deepEqual(earlier.ran, []);
	});

	it('rejects unknown names and a downgrade target that is not applied', async () => {
		const {database} = await freshDatabase('app.db', 'sqlite');
		await assert.rejects(upgrade(database, '0009-nope'), /unknown migration '0009-nope'/);
		await upgrade(database, '0001-create-user');
		await assert.rejects(planDowngrade(database, '0003-feed-indexes'), /not applied/);
		await assert.rejects(planDowngrade(database, 'nope'), /unknown migration 'nope'/);
	});

	it('a migration that fails half-way leaves neither its changes nor its record', async () => {
		const {database} = await migratedDatabase('app.db', 'sqlite');
		await insertSampleRows(database);
		const files = [
			...migrationFiles(),
			{name: '0004-fails-half-way', path: path.join(projectRoot, 'test/fixtures/0004-fails-half-way.ts')},
		];
		await assert.rejects(upgrade(database, undefined, {files}), /0004-fails-half-way failed: this migration fails on purpose/);
		assert.deepEqual(await tables(database), ['SequelizeMeta', 'post', 'user']);
		assert.equal((await indexes(database, 'post')).ix_half_post_body, undefined);
		const status = await migrationStatus(database, {files});
		assert.equal(status.current, '0006-user-case-unique');
		assert.deepEqual(status.pending, ['0004-fails-half-way']);
		assert.equal(await count(database, 'post'), 3);
	});
});
