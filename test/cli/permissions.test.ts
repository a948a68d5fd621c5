// sqlite-only: the modes of the files and directories a new SQLite database is made with.
// Tests run as root, and root ignores file modes: the binary runs as `nobody` (setpriv), and another unprivileged
// user (`daemon`) tries to read what it made.
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {cliEnv, cliPath, runCli, runProcess} from '../helpers/cli.js';
import type {CliResult} from '../helpers/cli.js';

const asRoot = process.getuid?.() === 0;

/** The built binary as an unprivileged user (as root: through setpriv; as anyone else: as that user). */
async function runAs(user: 'nobody' | 'daemon', args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
	const command = [process.execPath, cliPath, ...args];
	if (!asRoot) {
		return runProcess(command[0]!, command.slice(1), {env: cliEnv(env)});
	}
	return runProcess('setpriv', [`--reuid=${user}`, `--regid=${user === 'nobody' ? 'nogroup' : 'daemon'}`, '--clear-groups', '--', ...command], {env: cliEnv(env)});
}

function mode(file: string): string {
	return (statSync(file).mode & 0o7777).toString(8);
}

function sharedTempDir(): string {
	const directory = mkdtempSync(path.join(tmpdir(), 'microblog-modes-'));
	// Any user may create in it (as /tmp): what is made inside keeps the modes the program gives it.
	chmodSync(directory, 0o1777);
	after(() => rmSync(directory, {recursive: true, force: true}));
	return directory;
}

describe('a new database is its owner’s alone', () => {
	it('the default location: the data directory 0700, the database 0600, and another user can read neither', async () => {
		const root = sharedTempDir();
		const dataHome = path.join(root, 'data');
		const migrated = await runAs('nobody', ['--migrate'], {XDG_DATA_HOME: dataHome});
		assert.equal(migrated.code, 0, migrated.stderr);
		const file = path.join(dataHome, 'microblog-tui', 'app.db');
		assert.equal(mode(path.join(dataHome, 'microblog-tui')), '700');
		assert.equal(mode(file), '600');
		const seeded = await runAs('nobody', ['--seed', '-d', file]);
		assert.equal(seeded.code, 0, seeded.stderr);
		assert.equal(mode(file), '600', 'writing keeps the mode');
		if (asRoot) {
			const other = await runAs('daemon', ['--list', 'users', '-d', file]);
			assert.equal(other.code, 1);
			assert.equal(other.stdout, '');
			assert.equal(other.stderr.trimEnd().split('\n').length, 1, other.stderr);
			assert.doesNotMatch(other.stderr, /example\.com/);
		}
	});

	it('-d into a new directory: the directory 0700 and the file 0600; an existing file and directory keep their modes', async () => {
		const root = sharedTempDir();
		const fresh = path.join(root, 'fresh', 'nested', 'app.db');
		const made = await runAs('nobody', ['--migrate', '-d', fresh]);
		assert.equal(made.code, 0, made.stderr);
		assert.equal(mode(path.dirname(fresh)), '700');
		assert.equal(mode(path.dirname(path.dirname(fresh))), '700');
		assert.equal(mode(fresh), '600');

		// A file the user made readable on purpose stays so.
		const shared = path.join(root, 'shared.db');
		assert.equal((await runCli(['--migrate', '-d', shared])).code, 0);
		chmodSync(shared, 0o644);
		assert.equal((await runCli(['--seed', '-d', shared])).code, 0);
		assert.equal(mode(shared), '644');
		assert.equal(mode(root), '1777');
	});

	it('an empty file already there is used as the database, with its mode', async () => {
		const root = sharedTempDir();
		const file = path.join(root, 'empty.db');
		writeFileSync(file, '', {mode: 0o640});
		chmodSync(file, 0o640);
		const result = await runCli(['--migrate', '-d', file]);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(mode(file), '640');
	});
});
