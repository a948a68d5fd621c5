// sqlite-only: works on SQLite files directly (bytes, PRAGMAs, the sqlite3 shell).
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {cliPath, runCli} from '../helpers/cli.js';
import {spawnScript} from '../helpers/spawn-script.js';
import {tempDir} from '../helpers/temp-dir.js';

function sqlite(database: string, sql: string): string {
	return execFileSync('sqlite3', [database, sql], {encoding: 'utf8'}).trim();
}

function assertHealthy(database: string): void {
	assert.equal(sqlite(database, 'PRAGMA integrity_check'), 'ok');
	assert.equal(sqlite(database, 'PRAGMA foreign_key_check'), '');
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await sleep(20);
	}
}

describe('crashes: kill -9 loses nothing that was committed and blocks nothing after', () => {
	it('during --generate: every batch is wholly present or absent, and the next run completes', async t => {
		const database = path.join(tempDir(), 'app.db');
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		const child = spawn(process.execPath, [cliPath, '--generate', '--users', '1000', '--posts', '500000', '-d', database], {stdio: 'ignore'});
		const exited = new Promise(resolve => child.on('close', resolve));
		// Kill once the first batch of posts has committed and the next one is being written. A batch takes
		// seconds on an idle machine and far longer on a loaded CI runner: the wait is generous, the check is not.
		await waitUntil(() => Number(sqlite(database, 'SELECT count(*) FROM post')) >= 100_000, 'the first batch', 120_000);
		await sleep(150);
		child.kill('SIGKILL');
		await exited;

		assertHealthy(database);
		const posts = Number(sqlite(database, 'SELECT count(*) FROM post'));
		const users = Number(sqlite(database, 'SELECT count(*) FROM "user"'));
		assert.ok(posts >= 100_000 && posts < 500_000, `killed part-way (${posts} posts)`);
		assert.equal(posts % 100_000, 0, 'only whole batches of 100,000 posts');
		assert.equal(users, 1000, 'the user batch is whole');

		const again = await runCli(['--generate', '--users', '10', '--posts', '1000', '-d', database]);
		assert.equal(again.code, 0, again.stderr);
		assert.equal(Number(sqlite(database, 'SELECT count(*) FROM post')), posts + 1000);
		assertHealthy(database);
		t.diagnostic(`killed after ${posts / 100_000} whole batch${posts === 100_000 ? '' : 'es'} (${posts} posts, ${users} users); integrity ok, no foreign-key violations; the next --generate added 1,000`);
	});

	it('during a slow migration: neither the change nor its record survives, and the next migrator is not blocked', async () => {
		const database = path.join(tempDir(), 'app.db');
		const fixture = 'test/fixtures/0004-slow-migration.ts';
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		const first = spawnScript('test/fixtures/migrate-with-extra.ts', [database, fixture]);
		await waitUntil(() => first.output().includes('started 0004-slow-migration'), 'the slow migration to start');
		// It takes 5 s: kill it in the middle of its transaction.
		await sleep(1000);
		first.kill('SIGKILL');
		const killed = await first.done;
		assert.equal(killed.signal, 'SIGKILL');
		assert.match(killed.stdout, /started 0004-slow-migration/);
		assert.doesNotMatch(killed.stdout, /done/);

		assertHealthy(database);
		assert.equal(sqlite(database, "SELECT count(*) FROM sqlite_master WHERE name = 'slow_table'"), '0');
		assert.equal(sqlite(database, `SELECT count(*) FROM "SequelizeMeta" WHERE name = '0004-slow-migration'`), '0');
		const status = await runCli(['--status', '--json', '-d', database]);
		assert.equal((JSON.parse(status.stdout) as {current: string}).current, '0006-user-case-unique');

		const second = await spawnScript('test/fixtures/migrate-with-extra.ts', [database, fixture]).done;
		assert.equal(second.code, 0, second.stderr);
		assert.match(second.stdout, /done/);
		assert.equal(sqlite(database, 'SELECT count(*) FROM slow_table'), '200');
		assertHealthy(database);
	});
});
