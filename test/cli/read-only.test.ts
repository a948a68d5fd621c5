// sqlite-only: file permissions of SQLite files and their directories.
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import type {TestContext} from 'node:test';
import {spawn as spawnPty} from '@lydell/node-pty';
import {cliEnv, cliPath, runCli, runProcess} from '../helpers/cli.js';
import type {CliResult} from '../helpers/cli.js';

/*
 * Root writes to any file whatever its mode, and tests run as root in CI: there
 * the binary runs as `nobody` (setpriv), so the permissions really apply. As
 * any other user, chmod alone does it.
 */
const asRoot = process.getuid?.() === 0;
const unprivileged = asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] : [];

function commandFor(args: readonly string[]): [string, string[]] {
	const full = [process.execPath, cliPath, ...args];
	return asRoot ? [unprivileged[0]!, [...unprivileged.slice(1), ...full]] : [full[0]!, full.slice(1)];
}

/** The built binary without privileges to write what the test made read-only. */
async function runLimited(args: readonly string[]): Promise<CliResult> {
	const [command, commandArgs] = commandFor(args);
	return runProcess(command, commandArgs, {env: cliEnv()});
}

/** The TUI needs a terminal: the built binary in a pseudo-terminal, until it exits. */
async function runTuiLimited(args: readonly string[]): Promise<{code: number; output: string}> {
	const [command, commandArgs] = commandFor(args);
	const pty = spawnPty(command, commandArgs, {
		name: 'xterm-256color',
		cols: 100,
		rows: 30,
		env: {...process.env, DATABASE_URL: '', DEBUG: '', NO_COLOR: '1'} as Record<string, string>,
	});
	let output = '';
	pty.onData(data => (output += data));
	const code = await new Promise<number>(resolve => {
		pty.onExit(({exitCode}) => resolve(exitCode));
	});
	return {code, output};
}

/** The bytes of every file in the directory, so "nothing written" covers -wal, -shm and journal files too. */
function snapshot(directory: string): Record<string, string> {
	return Object.fromEntries(
		readdirSync(directory)
			.sort()
			.map(name => [name, createHash('sha256').update(readFileSync(path.join(directory, name))).digest('hex')]),
	);
}

function assertOneLine(result: {code: number | null; stderr: string}, message: string): void {
	assert.equal(result.code, 1, `exit code (stderr: ${result.stderr})`);
	assert.equal(result.stderr, `microblog-tui: ${message}\n`);
}

/** A migrated and seeded database in a directory of its own, readable by the unprivileged user. */
async function seededDatabase(t: TestContext): Promise<{directory: string; file: string}> {
	const root = testDir(t, () => [path.join(root, 'data')]);
	const directory = path.join(root, 'data');
	mkdirSync(directory);
	const file = path.join(directory, 'app.db');
	assert.equal((await runCli(['--migrate', '-d', file])).code, 0);
	assert.equal((await runCli(['--seed', '-d', file])).code, 0);
	// A new database is its owner's alone (0600): these tests share it for reading on purpose.
	chmodSync(file, 0o644);
	return {directory, file};
}

const writingCommands = [['--migrate'], ['--seed'], ['--seed', '--undo'], ['--generate', '--users', '2', '--posts', '5'], ['--downgrade', '--yes'], ['--shell']];

async function assertReadsWork(file: string): Promise<void> {
	const posts = await runLimited(['--list', 'posts', '--limit', '3', '-d', file]);
	assert.equal(posts.code, 0, posts.stderr);
	assert.equal(posts.stdout.trimEnd().split('\n').length, 4, posts.stdout);
	const users = await runLimited(['--list', 'users', '--json', '-d', file]);
	assert.equal(users.code, 0, users.stderr);
	assert.equal((JSON.parse(users.stdout) as unknown[]).length, 6);
	const status = await runLimited(['--status', '-d', file]);
	assert.equal(status.code, 0, status.stderr);
	assert.match(status.stdout, /0005-post-change-notify\s+applied/);
	const check = await runLimited(['--check', '-d', file]);
	assert.equal(check.code, 0, check.stderr);
	assert.match(check.stdout, /matches the models/);
}

/**
 * A temp dir the unprivileged user can enter, removed when the test ends after
 * `restore` gives its read-only parts their write bit back (else a non-root
 * user could not remove them).
 */
function testDir(t: TestContext, restore: () => string[]): string {
	const directory = mkdtempSync(path.join(tmpdir(), 'microblog-read-only-'));
	// mkdtemp makes it private to its owner.
	chmodSync(directory, 0o755);
	t.after(() => {
		for (const item of restore()) {
			chmodSync(item, 0o755);
		}
		rmSync(directory, {recursive: true, force: true});
	});
	return directory;
}

describe('read-only databases and directories: reading works, writing is refused, nothing is written', () => {
	it('a read-only file in a read-only directory', async t => {
		const {directory, file} = await seededDatabase(t);
		chmodSync(file, 0o444);
		chmodSync(directory, 0o555);
		const before = snapshot(directory);
		// No -wal or -shm beside it and none can be made: SQLite could not even read it without immutable mode.
		assert.deepEqual(Object.keys(before), ['app.db']);
		await assertReadsWork(file);
		for (const args of writingCommands) {
			assertOneLine(await runLimited([...args, '-d', file]), `database is read-only: ${file}`);
		}
		const tui = await runTuiLimited(['-d', file]);
		assert.equal(tui.code, 1, tui.output);
		assert.match(tui.output, new RegExp(`microblog-tui: database is read-only: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
		assert.deepEqual(snapshot(directory), before);
	});

	it('a read-only file in a writable directory', async t => {
		const {directory, file} = await seededDatabase(t);
		chmodSync(file, 0o444);
		chmodSync(directory, 0o777);
		const before = readFileSync(file);
		const posts = await runLimited(['--list', 'posts', '-d', file]);
		assert.equal(posts.code, 0, posts.stderr);
		for (const args of [['--migrate'], ['--seed'], ['--generate']]) {
			assertOneLine(await runLimited([...args, '-d', file]), `database is read-only: ${file}`);
		}
		assert.ok(readFileSync(file).equals(before), 'the database bytes are unchanged');
	});

	it('a writable file in a directory that cannot be written', async t => {
		const {directory, file} = await seededDatabase(t);
		chmodSync(file, 0o666);
		chmodSync(directory, 0o555);
		const before = snapshot(directory);
		await assertReadsWork(file);
		for (const args of writingCommands) {
			assertOneLine(await runLimited([...args, '-d', file]), `database directory is read-only: ${directory} (SQLite needs to write beside app.db)`);
		}
		const tui = await runTuiLimited(['-d', file]);
		assert.equal(tui.code, 1, tui.output);
		assert.match(tui.output, /database directory is read-only/);
		assert.deepEqual(snapshot(directory), before);
	});

	it('a new database in a directory that cannot be written', async t => {
		const root = testDir(t, () => [root]);
		chmodSync(root, 0o555);
		const file = path.join(root, 'app.db');
		assertOneLine(await runLimited(['--migrate', '-d', file]), `database directory is read-only: ${root} (cannot create app.db there)`);
		// The TUI creates only the default database: point the data directory at the read-only one.
		const [command, commandArgs] = commandFor([]);
		const tui = await new Promise<{code: number; output: string}>(resolve => {
			const pty = spawnPty(command, commandArgs, {
				name: 'xterm-256color',
				cols: 100,
				rows: 30,
				env: {...process.env, DATABASE_URL: '', DEBUG: '', XDG_DATA_HOME: root} as Record<string, string>,
			});
			let output = '';
			pty.onData(data => (output += data));
			pty.onExit(({exitCode}) => resolve({code: exitCode, output}));
		});
		assert.equal(tui.code, 1, tui.output);
		assert.match(tui.output, /microblog-tui: cannot create directory .*microblog-tui for the database \(EACCES\)/);
		assert.deepEqual(readdirSync(root), []);
		assert.ok(!existsSync(file));
	});
});
