// runs once: PostgreSQL only, on databases of its own (the SQLite side is crashes.test.ts).
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, it} from 'node:test';
import pg from 'pg';
import {cliPath, runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {spawnScript} from '../helpers/spawn-script.js';

async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		return (await client.query(sql)).rows as Array<Record<string, unknown>>;
	} finally {
		await client.end();
	}
}

async function count(url: string, sql: string): Promise<number> {
	const [row] = await query(url, sql);
	return Number(Object.values(row ?? {})[0]);
}

/** PostgreSQL's side of PRAGMA foreign_key_check: posts whose author is missing. */
async function orphanPosts(url: string): Promise<number> {
	return count(url, 'SELECT count(*) FROM post p LEFT JOIN "user" u ON u.id = p.user_id WHERE u.id IS NULL');
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await sleep(50);
	}
}

if (testDatabaseUrl) {
	describe('crashes on PostgreSQL: kill -9 loses nothing that was committed and blocks nothing after', () => {
		it('during --generate: every batch is wholly present or absent, and the next run completes', async t => {
			const url = await newDatabaseLocation('crash', 'postgres');
			assert.equal((await runCli(['--migrate', '-d', url])).code, 0);
			const child = spawn(process.execPath, [cliPath, '--generate', '--users', '1000', '--posts', '500000', '-d', url], {stdio: 'ignore'});
			const exited = new Promise(resolve => child.on('close', resolve));
			await waitUntil(async () => (await count(url, 'SELECT count(*) FROM post')) >= 100_000, 'the first batch', 120_000);
			await sleep(150);
			child.kill('SIGKILL');
			await exited;

			const posts = await count(url, 'SELECT count(*) FROM post');
			const users = await count(url, 'SELECT count(*) FROM "user"');
			assert.ok(posts >= 100_000 && posts < 500_000, `killed part-way (${posts} posts)`);
			assert.equal(posts % 100_000, 0, 'only whole batches of 100,000 posts');
			assert.equal(users, 1000, 'the user batch is whole');
			assert.equal(await orphanPosts(url), 0);
			// The killed backend's transaction is rolled back and its locks are gone once the server notices.
			const again = await runCli(['--generate', '--users', '10', '--posts', '1000', '-d', url]);
			assert.equal(again.code, 0, again.stderr);
			assert.equal(await count(url, 'SELECT count(*) FROM post'), posts + 1000);
			assert.equal(await orphanPosts(url), 0);
			t.diagnostic(`killed after ${posts / 100_000} whole batch(es) (${posts} posts, ${users} users); no orphan posts; the next --generate added 1,000`);
		});

		it('during a slow migration: neither the change nor its record survives, and the advisory lock does not block the next migrator', async () => {
			const url = await newDatabaseLocation('crash', 'postgres');
			const fixture = 'test/fixtures/0004-slow-migration.ts';
			assert.equal((await runCli(['--migrate', '-d', url])).code, 0);
			const first = spawnScript('test/fixtures/migrate-with-extra.ts', [url, fixture]);
			await waitUntil(async () => first.output().includes('started 0004-slow-migration'), 'the slow migration to start');
			await sleep(1000);
			first.kill('SIGKILL');
			const killed = await first.done;
			assert.equal(killed.signal, 'SIGKILL');
			assert.doesNotMatch(killed.stdout, /done/);

			assert.equal(await count(url, `SELECT count(*) FROM pg_tables WHERE tablename = 'slow_table'`), 0);
			assert.equal(await count(url, `SELECT count(*) FROM "SequelizeMeta" WHERE name = '0004-slow-migration'`), 0);
			const status = await runCli(['--status', '--json', '-d', url]);
			assert.equal((JSON.parse(status.stdout) as {current: string}).current, '0006-user-case-unique');

			// The next migrator takes the same advisory lock: it must get it, not wait for ever.
			const second = await spawnScript('test/fixtures/migrate-with-extra.ts', [url, fixture]).done;
			assert.equal(second.code, 0, second.stderr);
			assert.match(second.stdout, /done/);
			assert.equal(await count(url, 'SELECT count(*) FROM slow_table'), 200);
			assert.equal(await count(url, 'SELECT count(*) FROM pg_locks WHERE locktype = $$advisory$$'), 0);
		});
	});
}
