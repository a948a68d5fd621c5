// sqlite-only: works on SQLite files directly (bytes, PRAGMAs, the sqlite3 shell).
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {runCli} from '../helpers/cli.js';
import type {CliResult} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';

function fingerprint(file: string): string {
	return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Exactly one line on stderr, with the message, and no stack trace. */
function assertOneLineError(result: CliResult, code: number, message: RegExp): void {
	assert.equal(result.code, code, `exit code (stderr: ${result.stderr})`);
	const lines = result.stderr.trimEnd().split('\n');
	assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
	assert.match(lines[0]!, /^microblog-tui: /);
	assert.match(lines[0]!, message);
	assert.doesNotMatch(result.stderr, /\n\s+at /);
}

async function makeForeignDatabase(file: string, sql: string[]): Promise<void> {
	const database = await openDatabase(resolveDatabase(file), {mode: 'create'});
	for (const statement of sql) {
		await database.sequelize.query(statement);
	}
	await database.close();
}

describe('errors: one clear line, the right exit code, nothing written', () => {
	it('a directory that cannot be created', async () => {
		const directory = tempDir();
		const blocker = path.join(directory, 'a-file');
		writeFileSync(blocker, 'not a directory');
		const result = await runCli(['--migrate', '-d', path.join(blocker, 'sub', 'app.db')]);
		assertOneLineError(result, 1, /cannot create directory .*a-file\/sub/);
	});

	it('a file that is not a database', async () => {
		const file = path.join(tempDir(), 'notes.txt');
		writeFileSync(file, 'hello, I am a text file and not a database at all\n'.repeat(20));
		const before = fingerprint(file);
		for (const args of [['--migrate'], ['--status'], ['--list', 'posts'], ['--check'], ['--seed']]) {
			assertOneLineError(await runCli([...args, '-d', file]), 1, /notes\.txt is not a SQLite database/);
		}
		assert.equal(fingerprint(file), before);
	});

	it('a truncated database file', async () => {
		const directory = tempDir();
		const file = path.join(directory, 'app.db');
		await runCli(['--migrate', '-d', file]);
		await runCli(['--seed', '-d', file]);
		// Checkpoint the WAL into the main file so truncation really cuts data.
		await runCli(['--shell', '-d', file], {input: "await sequelize.query('PRAGMA wal_checkpoint(TRUNCATE)')\n"});
		const bytes = readFileSync(file);
		writeFileSync(file, bytes.subarray(0, 4096 + 100));
		const result = await runCli(['--list', 'posts', '-d', file]);
		assertOneLineError(result, 1, /corrupt|malformed|not a SQLite database/);
	});

	it('a database from another application', async () => {
		const file = path.join(tempDir(), 'other.db');
		await makeForeignDatabase(file, ['CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)', "INSERT INTO customers (name) VALUES ('Ada')"]);
		const before = fingerprint(file);
		for (const args of [['--migrate'], ['--downgrade'], ['--list', 'posts'], ['--seed'], ['--check']]) {
			assertOneLineError(await runCli([...args, '-d', file]), 1, /is not a microblog-tui database \(it has tables customers/);
		}
		assert.equal(fingerprint(file), before);
	});

	it('a database at a migration this version does not know', async () => {
		const file = path.join(tempDir(), 'newer.db');
		await runCli(['--migrate', '-d', file]);
		await runCli(['--shell', '-d', file], {
			input: `await sequelize.query("INSERT INTO \\"SequelizeMeta\\" (name) VALUES ('0099-from-the-future')")\n`,
		});
		const result = await runCli(['--migrate', '-d', file]);
		assertOneLineError(result, 1, /at migration 0099-from-the-future, which this version of microblog-tui does not know/);
		// --status lists it, and refuses it with the same line (test/cli/status-unknown-migration.test.ts).
		const status = await runCli(['--status', '-d', file]);
		assert.equal(status.stderr, result.stderr);
		assert.equal(status.code, 1);
		assert.match(status.stdout, /0099-from-the-future\s+applied, unknown to this version/);
	});

	it('an unknown migration name', async () => {
		const file = path.join(tempDir(), 'app.db');
		assertOneLineError(await runCli(['--migrate', '--to', 'no-such-step', '-d', file]), 1, /unknown migration 'no-such-step' \(known: 0001-create-user/);
		await runCli(['--migrate', '-d', file]);
		assertOneLineError(await runCli(['--downgrade', '--to', 'no-such-step', '-d', file]), 1, /unknown migration 'no-such-step'/);
	});

	it('a missing database file is not created by commands that only read', async () => {
		const file = path.join(tempDir(), 'missing.db');
		for (const args of [['--status'], ['--list', 'posts'], ['--check'], ['--downgrade'], ['--seed'], ['--shell']]) {
			assertOneLineError(await runCli([...args, '-d', file]), 1, /no database at .*missing\.db: run 'microblog-tui --migrate'/);
		}
		assert.equal(existsSync(file), false);
	});

	it('a PostgreSQL URL that does not answer', async () => {
		const result = await runCli(['--status', '-d', 'postgres://someone:secret@127.0.0.1:1/microblog']);
		assertOneLineError(result, 1, /PostgreSQL at 127\.0\.0\.1:1 does not answer/);
		assert.doesNotMatch(result.stderr, /secret/);
	});

	it('an unsupported URL scheme', async () => {
		assertOneLineError(await runCli(['--status', '-d', 'mysql://localhost/db']), 2, /unsupported database URL scheme 'mysql:'/);
	});

	it('bad flags and flag combinations exit 2', async () => {
		const cases: Array<[string[], RegExp]> = [
			[['--migrate', '--status'], /choose one of --migrate, --status/],
			[['--to', '0001-create-user'], /--to goes with --migrate or --downgrade/],
			[['--seed', '--json'], /--json goes with --status or --list/],
			[['--undo'], /--undo goes with --seed/],
			[['--list', 'comments'], /--list takes posts or users, not 'comments'/],
			[['--list', 'posts', '--limit', '0'], /--limit takes a whole number/],
			[['--list', 'posts', '--limit', 'ten'], /--limit takes a whole number/],
			[['--list', 'posts', '--sort', 'likes'], /--sort takes timestamp or username/],
			[['--status', '--sort', 'username'], /--sort goes with --list/],
			[['--migrate', '--yes'], /--yes goes with --downgrade/],
			[['--frobnicate'], /unknown flag --frobnicate/],
			[['-x'], /unknown flag -x \(see --help\)$/],
			[['-d', 'x.db', '-qz'], /unknown flag -q \(see --help\)$/],
			[['--no-frobnicate'], /unknown flag --no-frobnicate/],
			[['posts'], /unexpected argument 'posts'/],
			[['--migrate', '--to', 'base'], /use --downgrade --to base/],
		];
		for (const [args, message] of cases) {
			assertOneLineError(await runCli(args), 2, message);
		}
	});

	it('the TUI without a terminal points at --list and exits 2', async () => {
		const home = tempDir();
		const result = await runCli([], {env: {XDG_DATA_HOME: home}});
		assertOneLineError(result, 2, /needs a terminal.*--list posts/);
		assert.equal(existsSync(path.join(home, 'microblog-tui')), false, 'nothing created');
	});

	it('DEBUG shows the stack trace that is otherwise hidden', async () => {
		const file = path.join(tempDir(), 'notes.txt');
		writeFileSync(file, 'x'.repeat(200));
		const result = await runCli(['--status', '-d', file], {env: {DEBUG: '1'}});
		assert.equal(result.code, 1);
		assert.match(result.stderr, /\n\s+at /);
	});
});
