import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {parseStoredTime} from '../../source/db/stored-time.js';
import {cliEnv, cliPath, runCli} from '../helpers/cli.js';
import {select} from '../helpers/database.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {tempDir} from '../helpers/temp-dir.js';

describe('command line (built binary, real SQLite files)', () => {
	it('--help and --version', async () => {
		const help = await runCli(['--help']);
		assert.equal(help.code, 0);
		for (const flag of ['--migrate', '--downgrade', '--status', '--check', '--seed', '--shell', '--list', '--database']) {
			assert.ok(help.stdout.includes(flag), `help mentions ${flag}`);
		}
		// Issue 19: the description once; every flag described once in Options (commands in Usage), --color too.
		const description = 'A keyboard-driven terminal microblog';
		assert.equal(help.stdout.split(description).length - 1, 1, help.stdout);
		const options = help.stdout.slice(help.stdout.indexOf('\n  Options\n'));
		// The option column of each Options line, e.g. `--users N, --posts M` gives --users and --posts.
		const described = [...options.matchAll(/^ {4}(-\S.*?)(?: {2,}|$)/gm)].flatMap(match => match[1]!.split(', ').map(each => each.split(' ')[0]!));
		const commands = [...help.stdout.matchAll(/^ {4}\$ microblog-tui (--[\w-]+)/gm)].map(match => match[1]!);
		for (const flag of ['--database', '-d', '--user', '-u', '--yes', '-y', '--to', '--from', '--sql', '--json', '--undo', '--sort', '--reverse', '--limit', '--users', '--posts', '--color', '--no-color', '--help', '--version']) {
			assert.equal(described.filter(each => each === flag).length, 1, `${flag} described once in Options:\n${options}`);
		}
		for (const flag of ['--migrate', '--downgrade', '--status', '--check', '--seed', '--shell', '--list', '--generate']) {
			assert.ok(commands.includes(flag), `${flag} has a usage line`);
		}
		const version = await runCli(['--version']);
		assert.equal(version.code, 0);
		assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
	});

	it('stops quietly when the reader closes its end of the pipe (| head)', async () => {
		const home = tempDir();
		assert.equal((await runCli(['--seed'], {env: {XDG_DATA_HOME: home}})).code, 0);
		const child = spawn(process.execPath, [cliPath, '--list', 'posts'], {env: cliEnv({XDG_DATA_HOME: home}), stdio: ['ignore', 'pipe', 'pipe']});
		// Closed before the first line is written: every write of the listing finds the pipe closed.
		child.stdout.destroy();
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const code = await new Promise(resolve => child.on('close', resolve));
		assert.equal(stderr, '');
		assert.equal(code, 0);
	});

	it('creates the default database in $XDG_DATA_HOME/microblog-tui on --migrate', async () => {
		const home = tempDir();
		const result = await runCli(['--migrate'], {env: {XDG_DATA_HOME: home}});
		assert.equal(result.code, 0, result.stderr);
		assert.ok(existsSync(path.join(home, 'microblog-tui', 'app.db')));
		assert.match(result.stdout, /applied {2}0006-user-case-unique/);
	});

	it('--seed right after installing creates and migrates the default database, but never a --database path', async () => {
		const home = tempDir();
		const seeded = await runCli(['--seed'], {env: {XDG_DATA_HOME: home}});
		assert.equal(seeded.code, 0, seeded.stderr);
		assert.match(seeded.stdout, /applied {2}0006-user-case-unique[\s\S]*seeded {3}0002-demo-posts/);
		const listed = await runCli(['--list', 'posts', '--limit', '3', '--json'], {env: {XDG_DATA_HOME: home}});
		assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 3);
		const typo = path.join(tempDir(), 'typo.db');
		const refused = await runCli(['--seed', '-d', typo]);
		assert.equal(refused.code, 1);
		assert.ok(!existsSync(typo), 'a --database path is not created by --seed');
	});

	it('honours DATABASE_URL, and --database over it', async () => {
		const directory = tempDir();
		const fromEnv = path.join(directory, 'env.db');
		const fromFlag = path.join(directory, 'flag.db');
		assert.equal((await runCli(['--migrate'], {env: {DATABASE_URL: `sqlite:${fromEnv}`}})).code, 0);
		assert.ok(existsSync(fromEnv));
		assert.equal((await runCli(['--migrate', '-d', fromFlag], {env: {DATABASE_URL: `sqlite:${fromEnv}`}})).code, 0);
		assert.ok(existsSync(fromFlag));
	});

	it('--status lists applied and pending migrations, also as JSON', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '--to', '0002-create-post', '-d', database]);
		const text = await runCli(['--status', '-d', database]);
		assert.equal(text.code, 0, text.stderr);
		assert.match(text.stdout, /> 0002-create-post\s+applied .*\(current\)/);
		assert.match(text.stdout, / {2}0003-feed-indexes\s+pending/);
		assert.match(text.stdout, / {2}0004-post-timestamp-utc\s+pending/);
		assert.match(text.stdout, / {2}0005-post-change-notify\s+pending/);
		assert.match(text.stdout, / {2}0006-user-case-unique\s+pending/);
		const json = await runCli(['--status', '--json', '-d', database]);
		const parsed = JSON.parse(json.stdout) as {current: string; pending: string[]; migrations: Array<{name: string; applied: boolean}>};
		assert.equal(parsed.current, '0002-create-post');
		assert.deepEqual(parsed.pending, ['0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique']);
		assert.deepEqual(
			parsed.migrations.map(migration => migration.applied),
			[true, true, false, false, false, false, false],
		);
	});

	it('--downgrade reverts one step, --to NAME leaves NAME applied, base empties; rows need --yes', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '-d', database]);
		await runCli(['--seed', '-d', database]);

		const one = await runCli(['--downgrade', '-d', database]);
		assert.equal(one.code, 0, one.stderr);
		assert.match(one.stdout, /reverted 0006-user-case-unique/);

		const refused = await runCli(['--downgrade', '--to', 'base', '-d', database]);
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /^microblog-tui: this downgrade drops tables holding data \(36 rows in post, 6 rows in user\); re-run with --yes/);
		assert.equal(refused.stderr.trim().split('\n').length, 1);
		const still = await runCli(['--status', '--json', '-d', database]);
		assert.equal((JSON.parse(still.stdout) as {current: string}).current, '0005-post-change-notify');

		const toFirst = await runCli(['--downgrade', '--to', '0001-create-user', '--yes', '-d', database]);
		assert.equal(toFirst.code, 0, toFirst.stderr);
		assert.match(toFirst.stdout, /is at 0001-create-user/);

		const up = await runCli(['--migrate', '-d', database]);
		assert.equal(up.code, 0);
		const users = await runCli(['--list', 'users', '--json', '-d', database]);
		assert.equal((JSON.parse(users.stdout) as unknown[]).length, 6, 'users survive dropping post');

		const base = await runCli(['--downgrade', '--to', 'base', '-y', '-d', database]);
		assert.equal(base.code, 0, base.stderr);
		const status = await runCli(['--status', '--json', '-d', database]);
		assert.equal((JSON.parse(status.stdout) as {current: string | null}).current, null);
	});

	it('--check passes on a fresh database and names an index dropped by hand', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '-d', database]);
		const ok = await runCli(['--check', '-d', database]);
		assert.equal(ok.code, 0, ok.stdout + ok.stderr);
		assert.match(ok.stdout, /matches the models/);

		const shell = await runCli(['--shell', '-d', database], {
			input: "await sequelize.query('DROP INDEX ix_post_timestamp_id')\n",
		});
		assert.equal(shell.code, 0, shell.stderr);
		const bad = await runCli(['--check', '-d', database]);
		assert.equal(bad.code, 1);
		assert.match(bad.stdout, /ix_post_timestamp_id/);
	});

	it('--check reports pending migrations', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '--to', '0002-create-post', '-d', database]);
		const result = await runCli(['--check', '-d', database]);
		assert.equal(result.code, 1);
		assert.match(result.stdout, /pending migration: 0003-feed-indexes/);
		assert.match(result.stdout, /pending migration: 0004-post-timestamp-utc/);
		assert.match(result.stdout, /pending migration: 0005-post-change-notify/);
		assert.match(result.stdout, /pending migration: 0006-user-case-unique/);
	});

	it('--seed adds demo users and posts once; --undo removes them', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '-d', database]);
		const seeded = await runCli(['--seed', '-d', database]);
		assert.equal(seeded.code, 0, seeded.stderr);
		assert.match(seeded.stdout, /seeded {3}0001-demo-users/);
		const again = await runCli(['--seed', '-d', database]);
		assert.match(again.stdout, /nothing to seed/);

		const users = JSON.parse((await runCli(['--list', 'users', '--json', '-d', database])).stdout) as Array<{username: string; email: string}>;
		assert.ok(users.some(user => user.username === 'john' && user.email === 'john@example.com'));
		const posts = JSON.parse((await runCli(['--list', 'posts', '--json', '--limit', '100', '-d', database])).stdout) as unknown[];
		assert.equal(posts.length, 36);

		const undo = await runCli(['--seed', '--undo', '-d', database]);
		assert.equal(undo.code, 0, undo.stderr);
		const empty = JSON.parse((await runCli(['--list', 'users', '--json', '-d', database])).stdout) as unknown[];
		assert.equal(empty.length, 0);
	});

	it('--list sorts by time or username, reverses, limits, and prints JSON', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '-d', database]);
		await runCli(['--seed', '-d', database]);
		type Row = {id: number; username: string; timestamp: string};
		const list = async (...args: string[]) =>
			JSON.parse((await runCli(['--list', 'posts', '--json', '-d', database, ...args])).stdout) as Row[];

		const newest = await list('--limit', '5');
		assert.equal(newest.length, 5);
		const times = newest.map(row => row.timestamp);
		assert.deepEqual(times, [...times].sort().reverse());

		const oldest = await list('--limit', '5', '--reverse');
		assert.deepEqual(oldest.map(row => row.timestamp), [...oldest.map(row => row.timestamp)].sort());

		const byName = await list('--sort', 'username', '--limit', '100');
		const names = byName.map(row => row.username);
		assert.deepEqual(names, [...names].sort());
		const firstAuthor = byName.filter(row => row.username === names[0]).map(row => row.timestamp);
		assert.deepEqual(firstAuthor, [...firstAuthor].sort().reverse(), 'newest first within an author');

		const text = await runCli(['--list', 'posts', '--limit', '3', '-d', database]);
		assert.equal(text.code, 0);
		assert.equal(text.stdout.trim().split('\n').length, 4);
		assert.match(text.stdout, /^ID\s+TIME\s+AUTHOR\s+POST/);

		const users = await runCli(['--list', 'users', '--sort', 'timestamp', '-d', database]);
		assert.match(users.stdout, /^ID\s+USERNAME\s+EMAIL\s+POSTS\s+LATEST POST/);
	});

	it('two --migrate processes at once: each migration applied exactly once, neither fails', async () => {
		const database = await newDatabaseLocation();
		const [first, second] = await Promise.all([
			runCli(['--migrate', '-d', database]),
			runCli(['--migrate', '-d', database]),
		]);
		assert.equal(first.code, 0, first.stderr);
		assert.equal(second.code, 0, second.stderr);
		const applied = [first.stdout, second.stdout].flatMap(output => [...output.matchAll(/applied {2}(\S+)/g)].map(match => match[1]));
		assert.deepEqual(applied.sort(), ['0001-create-user', '0002-create-post', '0003-feed-indexes', '0004-post-timestamp-utc', '0005-post-change-notify', '0006-user-case-unique']);
		const status = JSON.parse((await runCli(['--status', '--json', '-d', database])).stdout) as {pending: string[]};
		assert.deepEqual(status.pending, []);
	});

	it('the built --migrate gives post.timestamp a default of "now", not the date it ran', async () => {
		const database = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', database])).code, 0);
		// Another client inserting without a timestamp, as the Python original's queries may.
		const opened = await openDatabase(resolveDatabase(database), {mode: 'existing'});
		try {
			await opened.sequelize.query(`INSERT INTO "user" (username, email) VALUES ('raw', 'raw@example.com')`);
			const before = Date.now();
			await opened.sequelize.query(`INSERT INTO post (body, user_id) SELECT 'no timestamp given', id FROM "user" WHERE username = 'raw'`);
			const [row] = await select<{timestamp: string | Date}>(opened, 'SELECT "timestamp" FROM post');
			// Stored text without an offset is UTC: new Date() would read it as local time (wrong under TZ=America/New_York).
			const written = parseStoredTime(row!.timestamp).getTime();
			assert.ok(Math.abs(written - before) < 60_000, `default timestamp ${String(row!.timestamp)} is now`);
			const defaults = await select<{value: string}>(
				opened,
				opened.dialect === 'sqlite'
					? `SELECT dflt_value AS value FROM pragma_table_info('post') WHERE name = 'timestamp'`
					: `SELECT column_default AS value FROM information_schema.columns WHERE table_name = 'post' AND column_name = 'timestamp'`,
			);
			assert.match(defaults[0]!.value, /strftime|CURRENT_TIMESTAMP|now\(\)/i, 'an expression, not a fixed date');
		} finally {
			await opened.close();
		}
	});
});
