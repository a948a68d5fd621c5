import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {migrationStatements} from '../../source/db/offline-sql.js';
import {introspectSchema} from '../../source/db/schema-introspect.js';
import {tableNames} from '../../source/db/step-records.js';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {tempDir} from '../helpers/temp-dir.js';

/** Applies a script with the engine's own client, as a DBA would: sqlite3 or psql, stopping at the first error. */
async function applyWithClient(location: string, script: string): Promise<void> {
	const [command, args] =
		testEngine === 'sqlite'
			? ['sqlite3', ['-bail', location]]
			: ['psql', ['--no-psqlrc', '-q', '-v', 'ON_ERROR_STOP=1', '-d', location, '-f', '-']];
	const result = await new Promise<{code: number | null; stderr: string}>((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['pipe', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => resolve({code, stderr}));
		child.stdin.end(script);
	});
	assert.equal(result.code, 0, `${command} failed: ${result.stderr}`);
	// psql's NOTICEs (CREATE TABLE IF NOT EXISTS on an existing table) are fine; errors are not.
	assert.doesNotMatch(result.stderr, /error/i, `${command} printed errors`);
}

/** The live schema (every table, SequelizeMeta included) as comparable plain data. */
async function schemaOf(location: string): Promise<unknown> {
	const database = await openDatabase(resolveDatabase(location), {mode: 'existing'});
	try {
		const snapshot = await introspectSchema(database);
		return JSON.parse(JSON.stringify(snapshot, (_key, value: unknown) => (value instanceof Map ? Object.fromEntries(value) : value)));
	} finally {
		await database.close();
	}
}

async function appliedMigrations(location: string): Promise<string[]> {
	const result = await runCli(['--status', '--json', '-d', location]);
	assert.equal(result.code, 0, result.stderr);
	const status = JSON.parse(result.stdout) as {migrations: Array<{name: string; applied: boolean}>};
	return status.migrations.filter(migration => migration.applied).map(migration => migration.name);
}

async function cli(args: readonly string[]): Promise<string> {
	const result = await runCli(args);
	assert.equal(result.code, 0, result.stderr);
	return result.stdout;
}

/** Nothing was created: no file on SQLite, no table on PostgreSQL. */
async function assertUntouched(location: string): Promise<void> {
	if (testEngine === 'sqlite') {
		assert.equal(existsSync(location), false, 'the SQLite file must not be created');
		return;
	}
	const database = await openDatabase(resolveDatabase(location), {mode: 'existing'});
	try {
		assert.deepEqual(await tableNames(database), []);
	} finally {
		await database.close();
	}
}

describe(`offline SQL (--migrate --sql, --downgrade --sql) on ${testEngine}`, () => {
	it('--migrate --sql touches no database, and its script applied by the engine client gives what --migrate gives', async () => {
		const scripted = await newDatabaseLocation('scripted.db');
		const migrated = await newDatabaseLocation('migrated.db');
		const script = await cli(['--migrate', '--sql', '-d', scripted]);
		await assertUntouched(scripted);
		assert.match(script, testEngine === 'sqlite' ? /BEGIN IMMEDIATE;/ : /BEGIN;/);
		assert.equal((script.match(/^COMMIT;$/gm) ?? []).length, 6, 'one transaction per migration');
		assert.match(script, /INSERT INTO "SequelizeMeta" \(name, applied_at\) VALUES \('0006-user-case-unique'/);

		await applyWithClient(scripted, script);
		await cli(['--migrate', '-d', migrated]);
		assert.deepEqual(await schemaOf(scripted), await schemaOf(migrated));
		assert.deepEqual(await appliedMigrations(scripted), [
			'0001-create-user',
			'0002-create-post',
			'0003-feed-indexes',
			'0004-post-timestamp-utc',
			'0005-post-change-notify',
			'0006-user-case-unique',
		]);
		// The app accepts the scripted database as its own and finds it at head.
		const check = await runCli(['--check', '-d', scripted]);
		assert.equal(check.code, 0, check.stdout + check.stderr);
		assert.match(await cli(['--migrate', '-d', scripted]), /nothing to migrate: .* is at 0006-user-case-unique/);
	});

	it('--downgrade --sql and --from/--to ranges match --downgrade and --migrate --to step by step', async () => {
		const scripted = await newDatabaseLocation('scripted.db');
		const migrated = await newDatabaseLocation('migrated.db');
		await applyWithClient(scripted, await cli(['--migrate', '--sql', '--to', '0001-create-user', '-d', scripted]));
		await cli(['--migrate', '--to', '0001-create-user', '-d', migrated]);
		assert.deepEqual(await schemaOf(scripted), await schemaOf(migrated));
		assert.deepEqual(await appliedMigrations(scripted), ['0001-create-user']);

		await applyWithClient(scripted, await cli(['--migrate', '--sql', '--from', '0001-create-user', '-d', scripted]));
		await cli(['--migrate', '-d', migrated]);
		assert.deepEqual(await schemaOf(scripted), await schemaOf(migrated));

		// Without --to a downgrade reverts one step, from head unless --from says otherwise.
		const oneStep = await cli(['--downgrade', '--sql', '-d', scripted]);
		assert.match(oneStep, /-- Reverting 0006-user-case-unique/);
		assert.doesNotMatch(oneStep, /Reverting 0005-post-change-notify/);
		assert.deepEqual(
			await appliedMigrations(scripted),
			['0001-create-user', '0002-create-post', '0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique'],
			'printing changed nothing',
		);
		await applyWithClient(scripted, oneStep);
		await cli(['--downgrade', '-d', migrated]);
		assert.deepEqual(await schemaOf(scripted), await schemaOf(migrated));
		assert.deepEqual(await appliedMigrations(scripted), ['0001-create-user', '0002-create-post', '0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify']);

		await applyWithClient(
			scripted,
			await cli(['--downgrade', '--sql', '--from', '0005-post-change-notify', '--to', 'base', '-d', scripted]),
		);
		await cli(['--downgrade', '--to', 'base', '-d', migrated]);
		assert.deepEqual(await schemaOf(scripted), await schemaOf(migrated));
		assert.deepEqual(await appliedMigrations(scripted), []);
	});

	it('needs only the engine: a PostgreSQL URL that does not answer still gives the PostgreSQL script', async () => {
		const result = await runCli(['--migrate', '--sql', '-d', 'postgres://nobody:secret@127.0.0.1:9/nowhere']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /CREATE TABLE IF NOT EXISTS "user" \("id" +SERIAL/);
		assert.match(result.stdout, /pg_advisory_xact_lock/);
		const sqlite = await runCli(['--migrate', '--sql', '-d', path.join(tempDir(), 'missing', 'dir', 'x.db')]);
		assert.equal(sqlite.code, 0, sqlite.stderr);
		assert.match(sqlite.stdout, /CREATE TABLE IF NOT EXISTS `user` \(`id` INTEGER PRIMARY KEY AUTOINCREMENT/);
	});

	it('migrationStatements gives one migration\'s statements for either engine, without a database', async () => {
		assert.deepEqual(await migrationStatements('0003-feed-indexes', 'down', 'postgres'), [
			'DROP INDEX IF EXISTS "ix_post_user_id_timestamp_id";',
			'DROP INDEX IF EXISTS "ix_post_timestamp_id";',
		]);
		assert.deepEqual(await migrationStatements('0003-feed-indexes', 'up', 'sqlite'), [
			'CREATE INDEX `ix_post_timestamp_id` ON `post` (`timestamp`, `id`);',
			'CREATE INDEX `ix_post_user_id_timestamp_id` ON `post` (`user_id`, `timestamp`, `id`);',
		]);
		await assert.rejects(migrationStatements('9999-nope', 'up', 'sqlite'), /unknown migration '9999-nope'/);
	});

	it('fills in replacements as Sequelize would, and refuses a migration that reads the database', async () => {
		const directory = tempDir();
		const file = path.join(directory, '0001-data.ts');
		writeFileSync(
			file,
			`export const up = async ({context: {sequelize, transaction}}) => {
				await sequelize.query('UPDATE post SET body = :body WHERE id = :id', {replacements: {body: "it's", id: 3}, transaction});
			};
			export const down = async ({context: {queryInterface, transaction}}) => {
				await queryInterface.describeTable('post', {transaction});
			};\n`,
		);
		const source = {files: [{name: '0001-data', path: file}]};
		for (const dialect of ['sqlite', 'postgres'] as const) {
			assert.deepEqual(await migrationStatements('0001-data', 'up', dialect, source), ["UPDATE post SET body = 'it''s' WHERE id = 3;"]);
			await assert.rejects(
				migrationStatements('0001-data', 'down', dialect, source),
				/^UserError: 0001-data reads the database \(.{1,64}\), so its SQL cannot be produced offline/,
			);
		}
	});

	it('bad ranges and misplaced flags are one-line usage errors', async () => {
		const cases: Array<[string[], number, RegExp]> = [
			[['--migrate', '--sql', '--from', '0003-feed-indexes', '--to', '0001-create-user'], 1, /older than --from/],
			[['--downgrade', '--sql', '--from', '0001-create-user', '--to', '0002-create-post'], 1, /newer than --from/],
			[['--migrate', '--sql', '--to', 'nope'], 1, /unknown migration 'nope'/],
			[['--status', '--sql'], 2, /--sql goes with --migrate, --downgrade, --list or --shell/],
			[['--migrate', '--from', '0001-create-user'], 2, /--from goes with --migrate --sql or --downgrade --sql/],
		];
		for (const [args, code, message] of cases) {
			const result = await runCli([...args, '-d', path.join(tempDir(), 'x.db')]);
			assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
			assert.match(result.stderr, message);
			assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		}
	});
});

describe(`--sql on --list and --shell (${testEngine})`, () => {
	it('--list --json --sql keeps stdout pure JSON and logs each statement with its duration on stderr', async () => {
		const location = await newDatabaseLocation();
		await cli(['--migrate', '-d', location]);
		await cli(['--seed', '-d', location]);
		const result = await runCli(['--list', 'posts', '--json', '--sql', '--limit', '3', '-d', location]);
		assert.equal(result.code, 0, result.stderr);
		const posts = JSON.parse(result.stdout) as unknown[];
		assert.equal(posts.length, 3);
		const lines = result.stderr.trim().split('\n');
		assert.ok(lines.length >= 2, result.stderr);
		for (const line of lines) {
			assert.match(line, /^\S.*; -- \d+(\.\d)? ms$/);
		}
		assert.ok(lines.some(line => /FROM "?post"? AS "key" JOIN post AS "Post"/.test(line) && /LIMIT \$\d+/.test(line)), result.stderr);
		const quiet = await runCli(['--list', 'posts', '--json', '--limit', '3', '-d', location]);
		assert.equal(quiet.stderr, '');
		assert.equal(quiet.stdout, result.stdout);
	});

	it('--shell --sql shows the statements the REPL runs, with untrusted text sanitised', async () => {
		const location = await newDatabaseLocation();
		await cli(['--migrate', '-d', location]);
		// A literal with an escape sequence reaches the log as typed, so the log must strip it.
		const input = "await User.create({username: 'eve', email: 'eve@example.com'}); 'made'\nawait User.count({where: {username: 'x\\u001B[2Jy'}})\n";
		const result = await runCli(['--shell', '--sql', '-d', location], {input});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /'made'/);
		assert.match(result.stderr, /INSERT INTO [`"]user[`"].*; -- \d+(\.\d)? ms/);
		assert.match(result.stderr, /SELECT count\(\*\) AS [`"]count[`"].* FROM [`"]user[`"].*'xy'.*; -- \d+(\.\d)? ms/);
		assert.doesNotMatch(result.stderr, /\u001B/);
	});
});
