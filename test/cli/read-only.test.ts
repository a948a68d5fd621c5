// sqlite-only: file permissions of SQLite files and their directories.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
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
/** The users the cases run as and make files for: ids from the system's own `id`, not assumed. */
function userIds(user: string): {uid: number; gid: number} {
	const id = (flag: string) => Number(execFileSync('id', [flag, user], {encoding: 'utf8'}).trim());
	return {uid: id('-u'), gid: id('-g')};
}
const nobodyIds = asRoot ? userIds('nobody') : {uid: -1, gid: -1};
const daemonUid = asRoot ? userIds('daemon').uid : -1;
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
	assert.match(status.stdout, /0006-user-case-unique\s+applied/);
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

/*
 * SQLite writes a WAL database's -wal and -shm files along with the database file: when another user's process made
 * them (it read the database; SQLite keeps them while any connection is open, and after a crash or with persist_wal),
 * the database file may be writable and still nothing can be written. Root made them here, or `daemon` with the
 * `sqlite3` shell; the binary runs as `nobody`, who owns the database file and the directory.
 */
describe('-wal and -shm files that belong to another user', () => {
	/** The database file `nobody`'s, 0644, in a directory anyone may create in; -wal and -shm kept by the sqlite3 shell. */
	async function sharedWalDatabase(t: TestContext, madeBy: 'daemon' | 'root'): Promise<{directory: string; file: string}> {
		assert.ok(asRoot, 'these cases make files that belong to other users: run them as root, as the suite does');
		const {directory, file} = await seededDatabase(t);
		chmodSync(directory, 0o777);
		chownSync(file, nobodyIds.uid, nobodyIds.gid);
		const shell = ['sqlite3', file, '.filectrl persist_wal 1', 'SELECT count(*) FROM post;'];
		const read =
			madeBy === 'daemon'
				? await runProcess('setpriv', ['--reuid=daemon', '--regid=daemon', '--clear-groups', '--', ...shell])
				: await runProcess(shell[0]!, shell.slice(1));
		assert.equal(read.code, 0, read.stderr);
		// The shell prints the file control's answer (1), then the count.
		assert.deepEqual(read.stdout.trim().split('\n'), ['1', '36']);
		for (const suffix of ['-wal', '-shm']) {
			// Root's sqlite3 gives them to the database file's owner (SQLite does so when it runs as root): take them back.
			if (madeBy === 'root') {
				chownSync(file + suffix, 0, 0);
			}
			assert.equal(statSync(file + suffix).uid, madeBy === 'daemon' ? daemonUid : 0, `${suffix} belongs to ${madeBy}`);
			assert.equal(statSync(file + suffix).mode & 0o777, 0o644);
		}
		return {directory, file};
	}

	for (const madeBy of ['daemon', 'root'] as const) {
		it(`made by ${madeBy}: reading works; every writing command and the TUI refuse at once in one line; nothing is written`, async t => {
			const {directory, file} = await sharedWalDatabase(t, madeBy);
			const before = snapshot(directory);
			const posts = await runLimited(['--list', 'posts', '--limit', '3', '-d', file]);
			assert.equal(posts.code, 0, posts.stderr);
			const status = await runLimited(['--status', '-d', file]);
			assert.equal(status.code, 0, status.stderr);
			const refusal = `database is read-only: ${file}-wal belongs to uid ${madeBy === 'daemon' ? daemonUid : 0} and cannot be written by this user (SQLite writes it along with app.db)`;
			for (const args of writingCommands) {
				assertOneLine(await runLimited([...args, '-d', file]), refusal);
			}
			// Before: the TUI drew, let the user sign in and compose, and failed only on the post with SQLITE_READONLY.
			const tui = await runTuiLimited(['-d', file]);
			assert.equal(tui.code, 1, tui.output);
			assert.equal(tui.output.replace(/\r/g, ''), `microblog-tui: ${refusal}\n`, 'one line, nothing drawn before it');
			assert.deepEqual(snapshot(directory), before);
		});
	}

	it('only -shm belongs to another user: refused the same way, naming -shm', async t => {
		const {directory, file} = await sharedWalDatabase(t, 'daemon');
		chownSync(`${file}-wal`, nobodyIds.uid, nobodyIds.gid);
		const before = snapshot(directory);
		assertOneLine(
			await runLimited(['--seed', '--undo', '-d', file]),
			`database is read-only: ${file}-shm belongs to uid ${daemonUid} and cannot be written by this user (SQLite writes it along with app.db)`,
		);
		const tui = await runTuiLimited(['-d', file]);
		assert.equal(tui.code, 1, tui.output);
		assert.match(tui.output, /database is read-only: .*app\.db-shm belongs to uid/);
		assert.deepEqual(snapshot(directory), before);
	});
});
