// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';

type Status = {current: string | null; pending: string[]};

if (testDatabaseUrl) {
	const serverUrl = testDatabaseUrl;
	// Each test gets a new database on the server, so tests running side by side never meet.
	let url = '';
	const cli = async (...args: string[]) => runCli([...args, '-d', url]);
	const status = async () => JSON.parse((await cli('--status', '--json')).stdout) as Status;

	describe('command line on PostgreSQL', () => {
		it('migrates, checks, seeds, lists and downgrades with the same migration files', async () => {
			url = await newDatabaseLocation('app', 'postgres');
			const migrate = await cli('--migrate');
			assert.equal(migrate.code, 0, migrate.stderr);
			const migrated = await status();
			assert.equal(migrated.current, '0006-user-case-unique');
			assert.deepEqual(migrated.pending, []);
			const check = await cli('--check');
			assert.equal(check.code, 0, check.stdout + check.stderr);
			assert.equal((await cli('--seed')).code, 0);
			const posts = JSON.parse((await cli('--list', 'posts', '--json', '--limit', '100')).stdout) as Array<{timestamp: string}>;
			assert.equal(posts.length, 36);
			const times = posts.map(post => post.timestamp);
			assert.deepEqual(times, [...times].sort().reverse());

			const refused = await cli('--downgrade', '--to', 'base');
			assert.equal(refused.code, 1);
			assert.match(refused.stderr, /36 rows in post, 6 rows in user/);
			assert.equal((await cli('--downgrade', '--to', '0001-create-user', '--yes')).code, 0);
			assert.equal((await status()).current, '0001-create-user');
			assert.equal((await cli('--migrate', '--to', '0002-create-post')).code, 0);
			assert.deepEqual((await status()).pending, ['0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique']);
			assert.equal((await cli('--downgrade', '--to', 'base', '--yes')).code, 0);
			assert.equal((await status()).current, null);
		});

		it('two migrators at once serialise on the advisory lock', async () => {
			url = await newDatabaseLocation('app', 'postgres');
			const results = await Promise.all([cli('--migrate'), cli('--migrate'), cli('--migrate')]);
			for (const result of results) {
				assert.equal(result.code, 0, result.stderr);
			}
			const applied = results.flatMap(result => [...result.stdout.matchAll(/applied {2}(\S+)/g)].map(match => match[1]));
			assert.deepEqual(applied.sort(), ['0001-create-user', '0002-create-post', '0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique']);
		});

		// Only where the server checks passwords (as .ci/run sets it up); a trust server accepts any.
		if (new URL(serverUrl).password) {
			it('a wrong password gets one clear line, without the password', async () => {
				const wrong = new URL(serverUrl);
				wrong.password = 'not-the-password';
				const result = await runCli(['--status', '-d', wrong.toString()]);
				assert.equal(result.code, 1);
				assert.match(result.stderr, /^microblog-tui: PostgreSQL refused the login for .*: wrong user name or password\n$/);
				assert.doesNotMatch(result.stderr, /not-the-password/);
			});
		}

		it('a database that does not exist gets one clear line', async () => {
			const missing = new URL(serverUrl);
			missing.pathname = '/no_such_database_here';
			const result = await runCli(['--status', '-d', missing.toString()]);
			assert.equal(result.code, 1);
			assert.match(result.stderr, /^microblog-tui: database in .* does not exist on the PostgreSQL server\n$/);
		});
	});
}
