// runs once: PostgreSQL only, on a database of its own (a second writer's open transaction; SQLite's side is the IMMEDIATE lock).
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {describe, it} from 'node:test';
import pg from 'pg';
import {runCli} from '../helpers/cli.js';
import {afterPrompt, startDowngrade} from '../helpers/downgrade-prompt.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {waitFor} from '../helpers/tui.js';

async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		return (await client.query(sql)).rows as Array<Record<string, unknown>>;
	} finally {
		await client.end();
	}
}

/** Polls an async check (a query) without a fixed sleep. */
async function waitForQuery(check: () => Promise<boolean>, what: string): Promise<void> {
	let done = false;
	let pending: Promise<void> | undefined;
	await waitFor(
		() => {
			pending ??= check().then(result => {
				done = result;
				pending = undefined;
			});
			return done;
		},
		{what},
	);
}

if (testDatabaseUrl) {
	describe('the downgrade prompt on PostgreSQL, with psql inserting in an open transaction', () => {
		it('waits for the insert to commit, counts it, and stops with nothing changed', async () => {
			const url = await newDatabaseLocation('app', 'postgres');
			for (const args of [['--migrate'], ['--seed']]) {
				assert.equal((await runCli([...args, '-d', url])).code, 0);
			}
			const prompt = await startDowngrade(url, '0001-create-user');
			assert.match(prompt.output(), /This downgrade deletes 36 rows in post\./);
			// psql reads its script from a pipe as it comes: the INSERT runs now and stays uncommitted.
			const psql = spawn('psql', ['--no-psqlrc', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'], {
				stdio: ['pipe', 'ignore', 'inherit'],
				env: {...process.env, PGAPPNAME: 'second-writer'},
			});
			const psqlExited = new Promise(resolve => psql.on('close', resolve));
			psql.stdin.write(`BEGIN;\nINSERT INTO post (body, timestamp, user_id) SELECT 'in flight', now(), min(id) FROM "user";\n`);
			await waitForQuery(
				async () => (await query(url, "SELECT 1 FROM pg_stat_activity WHERE application_name = 'second-writer' AND state = 'idle in transaction'")).length > 0,
				"psql's open transaction",
			);
			prompt.write('yes\r');
			// The downgrade waits on a lock the open insert holds (before the fix it counted 36 without waiting, then its DROP waited).
			await waitForQuery(
				async () => (await query(url, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).length > 0,
				'the downgrade waiting for the insert',
			);
			psql.stdin.end('COMMIT;\n');
			await psqlExited;
			assert.equal(await prompt.exited, 1, prompt.output());
			assert.deepEqual(afterPrompt(prompt.output()), [
				'microblog-tui: downgrade stopped: it would now delete 37 rows in post, more than the 36 confirmed; nothing was changed (run it again to see and confirm the new count)',
			]);
			const [counted] = await query(url, 'SELECT count(*)::int AS posts, (SELECT count(*)::int FROM "SequelizeMeta") AS migrations FROM post');
			assert.deepEqual(counted, {posts: 37, migrations: 6});
		});
	});
}
