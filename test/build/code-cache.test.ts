// runs once
// The built binary's loader (source/loader.ts) keeps a V8 code cache in the user's cache
// directory: written by the first run, used by the next, and never a reason to fail or print.
import assert from 'node:assert/strict';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {cliEnv, cliPath, runCli, runProcess} from '../helpers/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'code-cache-'));
after(() => rmSync(work, {recursive: true, force: true}));
const database = path.join(work, 'app.db');
const listing = ['--list', 'posts', '--limit', '5', '-d', database];

function cacheFiles(cacheHome: string): string[] {
	try {
		return readdirSync(path.join(cacheHome, 'microblog-tui')).map(name => path.join(cacheHome, 'microblog-tui', name));
	} catch {
		return [];
	}
}

let expected = '';

before(async () => {
	const setupCache = path.join(work, 'setup-cache');
	for (const args of [['--migrate', '-d', database], ['--seed', '-d', database]]) {
		const result = await runCli(args, {env: {XDG_CACHE_HOME: setupCache}});
		assert.equal(result.code, 0, result.stderr);
	}
	const result = await runCli(listing, {env: {XDG_CACHE_HOME: setupCache}});
	assert.equal(result.code, 0, result.stderr);
	// A new database is its owner's alone (0600): the test that runs as another user reads it on purpose.
	chmodSync(database, 0o644);
	expected = result.stdout;
	assert.match(expected, /\(#36\)/);
});

describe('the code cache', () => {
	it('is written by the first run and used by the second, with the same output', async () => {
		const cacheHome = path.join(work, 'fresh');
		const first = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome, DEBUG: '1'}});
		assert.equal(first.code, 0, first.stderr);
		assert.equal(first.stdout, expected);
		assert.match(first.stderr, /code cache: none at /);
		assert.match(first.stderr, /code cache: used the build's .*-build\.bin/, 'the build made one for a plain node too');
		assert.match(first.stderr, /code cache: wrote /);
		const files = cacheFiles(cacheHome);
		assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
		assert.match(path.basename(files[0]!), new RegExp(`^code-[0-9a-f]{16}-${process.version.replaceAll('.', '\\.')}-${process.arch}-[0-9a-f]{8}-list\\.bin$`));
		assert.ok(statSync(files[0]!).size > 100_000, 'the cache holds the compiled start-up');
		const written = statSync(files[0]!).mtimeMs;

		const second = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome, DEBUG: '1'}});
		assert.equal(second.code, 0, second.stderr);
		assert.equal(second.stdout, expected);
		assert.match(second.stderr, /code cache: used /);
		assert.doesNotMatch(second.stderr, /code cache: wrote/);
		assert.equal(statSync(files[0]!).mtimeMs, written, 'a used cache is not rewritten');
	});

	it('keeps one cache for listings and another for other commands, so neither holds the wrong start', async () => {
		const cacheHome = path.join(work, 'kinds');
		const status = await runCli(['--status', '-d', database], {env: {XDG_CACHE_HOME: cacheHome}});
		assert.equal(status.code, 0, status.stderr);
		assert.deepEqual(cacheFiles(cacheHome).map(file => file.replace(/.*-/, '')), ['other.bin']);
		const list = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome, DEBUG: '1'}});
		assert.equal(list.stdout, expected);
		assert.match(list.stderr, /code cache: none at .*-list\.bin/);
		assert.deepEqual(cacheFiles(cacheHome).map(file => file.replace(/.*-/, '')).sort(), ['list.bin', 'other.bin']);
	});

	it('is not written by a start that failed, which ran little of the program', async () => {
		const cacheHome = path.join(work, 'failed');
		const result = await runCli(['--list', 'posts', '--limit', 'many', '-d', database], {env: {XDG_CACHE_HOME: cacheHome}});
		assert.equal(result.code, 2, result.stderr);
		assert.deepEqual(cacheFiles(cacheHome), []);
	});

	it('prints nothing without DEBUG, on the first run or later', async () => {
		const cacheHome = path.join(work, 'quiet');
		for (let run = 0; run < 2; run++) {
			const result = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome}});
			assert.equal(result.code, 0, result.stderr);
			assert.equal(result.stdout, expected);
			assert.equal(result.stderr, '');
		}
		assert.equal(cacheFiles(cacheHome).length, 1);
	});

	it('runs without a cache when the cache directory cannot be made, and says nothing', async () => {
		// A file where the directory would go: mkdir fails even for root (who ignores permissions).
		const blocked = path.join(work, 'blocked');
		writeFileSync(blocked, 'not a directory');
		const result = await runCli(listing, {env: {XDG_CACHE_HOME: blocked}});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, expected);
		assert.equal(result.stderr, '');
		const debug = await runCli(listing, {env: {XDG_CACHE_HOME: blocked, DEBUG: '1'}});
		assert.equal(debug.stdout, expected);
		assert.match(debug.stderr, /code cache: not written: /);
	});

	it('runs without a cache when the directory is read-only, and says nothing', async () => {
		// Root writes whatever the mode: as root, the binary runs as `nobody` (as test/cli/read-only.test.ts does).
		const asRoot = process.getuid?.() === 0;
		const cacheHome = path.join(work, 'read-only');
		mkdirSync(path.join(cacheHome, 'microblog-tui'), {recursive: true, mode: 0o755});
		chmodSync(path.join(cacheHome, 'microblog-tui'), 0o555);
		chmodSync(work, 0o755);
		const command = asRoot
			? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', process.execPath, cliPath, ...listing]
			: [process.execPath, cliPath, ...listing];
		const env = cliEnv({XDG_CACHE_HOME: cacheHome});
		const result = await runProcess(command[0]!, command.slice(1), {env});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, expected);
		assert.equal(result.stderr, '');
		const debug = await runProcess(command[0]!, command.slice(1), {env: {...env, DEBUG: '1'}});
		// As nobody, root's read-only directory is not ours: refused before any write is tried (else EACCES).
		assert.match(debug.stderr, /code cache: not written: (EACCES|.* is owned by uid 0 with mode 555)/);
		assert.deepEqual(cacheFiles(cacheHome), []);
	});

	for (const [label, content] of [
		['garbage', Buffer.from('this is not a V8 code cache at all, just some text\n'.repeat(100))],
		['an empty file', Buffer.alloc(0)],
		['garbage larger than any cache', Buffer.alloc(8 * 1024 * 1024, 'not a cache ')],
	] as const) {
		it(`ignores a cache file holding ${label}, says nothing, and replaces it`, async () => {
			const cacheHome = path.join(work, `corrupt-${label.replaceAll(' ', '-')}`);
			const first = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome}});
			assert.equal(first.code, 0, first.stderr);
			const [file] = cacheFiles(cacheHome);
			writeFileSync(file!, content);

			const result = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome}});
			assert.equal(result.code, 0, result.stderr);
			assert.equal(result.stdout, expected);
			assert.equal(result.stderr, '');
			assert.ok(statSync(file!).size > 100_000, 'the bad cache was replaced');

			const next = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome, DEBUG: '1'}});
			assert.equal(next.stdout, expected);
			assert.match(next.stderr, /code cache: used /);
		});
	}

	it('does not run a cache file that other users could have written', async () => {
		const cacheHome = path.join(work, 'shared');
		const first = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome}});
		assert.equal(first.code, 0, first.stderr);
		const [file] = cacheFiles(cacheHome);
		chmodSync(file!, 0o666);
		const result = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome, DEBUG: '1'}});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, expected);
		assert.match(result.stderr, /code cache: ignored .* mode 666/);
		assert.doesNotMatch(result.stderr, /code cache: used \//);
	});

	for (const [label, prepare] of [
		['writable by others', (directory: string) => chmodSync(directory, 0o777)],
		['writable by its group', (directory: string) => chmodSync(directory, 0o770)],
		['owned by another user', (directory: string) => chownSync(directory, 65_534, 65_534)],
		[
			'a symlink to a directory of ours',
			(directory: string) => {
				rmSync(directory, {recursive: true});
				mkdirSync(`${directory}-target`, {mode: 0o700});
				symlinkSync(`${directory}-target`, directory);
			},
		],
	] as const) {
		if (label === 'owned by another user' && process.getuid?.() !== 0) {
			// Only root can give a directory to another user; CI runs as root.
			continue;
		}
		it(`writes nothing into a cache directory ${label}, and runs the same`, async () => {
			const cacheHome = path.join(work, `not-ours-${label.replaceAll(' ', '-')}`);
			const directory = path.join(cacheHome, 'microblog-tui');
			mkdirSync(directory, {recursive: true, mode: 0o700});
			prepare(directory);
			const result = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome, DEBUG: '1'}});
			assert.equal(result.code, 0, result.stderr);
			assert.equal(result.stdout, expected);
			assert.match(result.stderr, /code cache: not written: .* is (not a directory|owned by uid)/);
			assert.deepEqual(readdirSync(directory).filter(name => name.startsWith('code-')), []);
		});
	}

	it('replaces the cache files of an older build', async () => {
		const cacheHome = path.join(work, 'old-build');
		const stale = path.join(cacheHome, 'microblog-tui', `code-0000000000000000-${process.version}-${process.arch}-00000000.bin`);
		const first = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome}});
		assert.equal(first.code, 0, first.stderr);
		rmSync(cacheFiles(cacheHome)[0]!);
		writeFileSync(stale, 'old');
		const result = await runCli(listing, {env: {XDG_CACHE_HOME: cacheHome}});
		assert.equal(result.code, 0, result.stderr);
		const files = cacheFiles(cacheHome);
		assert.equal(files.length, 1);
		assert.notEqual(files[0], stale);
	});
});
