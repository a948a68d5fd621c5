// sqlite-only: a full disk under a SQLite file.
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {before, describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {smallDisk} from '../helpers/small-disk.js';
import {tempDir} from '../helpers/temp-dir.js';

/** The database as the sqlite3 shell reads it: its schema and every row. */
function dump(file: string): string {
	return execFileSync('sqlite3', ['-bail', file, '.dump'], {encoding: 'utf8'});
}

/** Migration or seeder names the sqlite3 shell finds recorded. */
function records(file: string, table: 'SequelizeMeta' | 'SequelizeData'): string[] {
	const tables = execFileSync('sqlite3', [file, '.tables'], {encoding: 'utf8'});
	if (!tables.split(/\s+/).includes(table)) {
		return [];
	}
	return execFileSync('sqlite3', [file, `SELECT name FROM "${table}" ORDER BY name`], {encoding: 'utf8'}).split('\n').filter(Boolean);
}

/** The names a run printed as done (`applied  NAME`, `seeded   NAME`). */
function done(stdout: string): string[] {
	return [...stdout.matchAll(/^(?:applied|seeded) +(\S+)/gm)].map(match => match[1]!);
}

/** Free space left on the disk for each run: none, and a few pages (where SQLite said "disk I/O error" before). */
const freeLevels = [0, 8 << 10, 16 << 10, 32 << 10, 64 << 10];

describe('a full disk under a SQLite database (a tmpfs of its own)', () => {
	const directory = tempDir();
	const prepared = {migrated: '', partial: ''};
	before(async () => {
		prepared.migrated = path.join(directory, 'migrated.db');
		prepared.partial = path.join(directory, 'partial.db');
		assert.equal((await runCli(['--migrate', '-d', prepared.migrated])).code, 0);
		assert.equal((await runCli(['--migrate', '--to', '0002-create-post', '-d', prepared.partial])).code, 0);
	});

	/** Runs `args` on `file` with `free` bytes left; checks the one line; returns the run and the database afterwards. */
	async function onFullDisk(free: number, file: string | undefined, args: string[]) {
		const disk = smallDisk('512k');
		if ('skip' in disk) {
			throw new Error(disk.skip);
		}
		const location = path.join(disk.directory, 'app.db');
		if (file !== undefined) {
			copyFileSync(file, location);
		}
		const before = file === undefined ? '' : dump(location);
		disk.fill(free);
		const result = await runCli([...args, '-d', location]);
		const what = `${args.join(' ')} with ${free} bytes free`;
		// What SQLite left beside the file, before the filler goes and anything else opens it.
		const left = readdirSync(disk.directory).filter(name => name !== 'filler' && name !== 'app.db');
		disk.empty();
		if (result.code !== 0) {
			assert.equal(result.code, 1, what);
			const lines = result.stderr.trimEnd().split('\n');
			assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${result.stderr}`);
			assert.match(lines[0]!, new RegExp(`the disk holding ${location.replaceAll('.', '\\.')} is full \\(\\d[\\d.]* (bytes|KiB) free\\)`), what);
			assert.match(lines[0]!, /; nothing (was written|of it was kept)$/, what);
			assert.doesNotMatch(result.stderr, /input\/output|SQLITE_|I\/O/, what);
		}
		assert.deepEqual(left.filter(name => !/-(wal|shm)$/.test(name)), [], `${what}: no stray files`);
		return {result, location, before, what};
	}

	it('--migrate on a new database: nothing written, or only the steps it says it applied', async () => {
		let failures = 0;
		for (const free of freeLevels) {
			const {result, location, what} = await onFullDisk(free, undefined, ['--migrate']);
			failures += result.code === 0 ? 0 : 1;
			if (existsSync(location)) {
				assert.deepEqual(records(location, 'SequelizeMeta'), done(result.stdout), what);
				assert.equal(execFileSync('sqlite3', [location, 'PRAGMA integrity_check'], {encoding: 'utf8'}).trim(), 'ok', what);
			}
			if (free === 0) {
				assert.equal(result.code, 1, what);
				assert.equal(existsSync(location) ? dump(location) : '', existsSync(location) ? dump(path.join(directory, 'empty.db')) : '', `${what}: an empty file at most`);
			}
		}
		assert.ok(failures >= 3, `${failures} of ${freeLevels.length} runs failed`);
	});

	it('--migrate on an existing database: unchanged, or only the steps it says it applied', async () => {
		for (const free of freeLevels) {
			const {result, location, before, what} = await onFullDisk(free, prepared.partial, ['--migrate']);
			assert.equal(result.code, 1, what);
			const applied = done(result.stdout);
			assert.deepEqual(records(location, 'SequelizeMeta'), ['0001-create-user', '0002-create-post', ...applied], what);
			if (applied.length === 0) {
				assert.equal(dump(location), before, `${what}: the database is unchanged`);
			}
		}
	});

	it('--seed: unchanged, or only the seeders it says it ran', async () => {
		for (const free of freeLevels) {
			const {result, location, before, what} = await onFullDisk(free, prepared.migrated, ['--seed']);
			assert.equal(result.code, 1, what);
			const seeded = done(result.stdout);
			assert.deepEqual(records(location, 'SequelizeData'), seeded, what);
			if (seeded.length === 0) {
				assert.equal(dump(location), before, `${what}: the database is unchanged`);
			}
		}
	});

	it('--status: says the disk is full, or reads; the database unchanged', async () => {
		for (const free of freeLevels) {
			const {result, location, before, what} = await onFullDisk(free, prepared.migrated, ['--status']);
			if (result.code === 0) {
				assert.match(result.stdout, /current: 0006-user-case-unique/, what);
			}
			assert.equal(dump(location), before, `${what}: the database is unchanged`);
		}
	});
});
