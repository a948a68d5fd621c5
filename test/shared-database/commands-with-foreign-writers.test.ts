// Engine-neutral: `--generate` and `--shell` write while foreign clients write the same database, one post a commit:
// the engine's SQL shell (sqlite3 or psql, a new process each commit) and the Flask tutorial's models through
// SQLAlchemy (pysqlite or psycopg2). Every row either side commits is there afterwards, and each side reads the other's.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {flask, flaskWriteLoop, isPostgres, shell, sqlShell, waitUntil} from './foreign-clients.js';

/** The SQL shell inserting "PREFIX 1", "PREFIX 2", ... one process and one commit at a time, until stopped. */
function sqlShellLoop(location: string, prefix: string, userId: number): {committed: () => number; stop: () => Promise<number>} {
	let stopped = false;
	let committed = 0;
	const loop = (async () => {
		while (!stopped) {
			await sqlShell(location, `INSERT INTO post (body, user_id) VALUES ('${prefix} ${committed + 1}', ${userId})`);
			committed++;
		}
	})();
	// A failure ends the loop and is reported by stop(), not as an unhandled rejection meanwhile.
	const ended = loop.then(
		() => undefined,
		(error: unknown) => {
			stopped = true;
			return error;
		},
	);
	return {
		committed: () => committed,
		async stop() {
			stopped = true;
			const error = await ended;
			if (error) {
				throw error;
			}
			return committed;
		},
	};
}

const numbered = (prefix: string, count: number) => Array.from({length: count}, (_, index) => `${prefix} ${index + 1}`);

type ForeignWriters = {committed: () => {sql: number; alchemy: number}; stop: () => Promise<string[]>};

/**
 * Both foreign writers, started and seen committing, for the length of `body`; they are stopped before it returns
 * (or fails). `stop` returns the bodies each committed; calling it again returns the same.
 */
async function withForeignWriters(location: string, userId: number, body: (writers: ForeignWriters) => Promise<void>): Promise<void> {
	const shellName = isPostgres(location) ? 'psql' : 'sqlite3';
	const sql = sqlShellLoop(location, `${shellName} loop`, userId);
	const alchemy = flaskWriteLoop(location, 'flask', 'sqlalchemy loop');
	let stopped: Promise<string[]> | undefined;
	const writers: ForeignWriters = {
		committed: () => ({sql: sql.committed(), alchemy: alchemy.committed().length}),
		async stop() {
			stopped ??= Promise.all([sql.stop(), alchemy.stop()]).then(([sqlCount, alchemyIds]) => [
				...numbered(`${shellName} loop`, sqlCount),
				...numbered('sqlalchemy loop', alchemyIds.length),
			]);
			return stopped;
		},
	};
	try {
		await waitUntil(() => sql.committed() > 0 && alchemy.committed().length > 0, 'both foreign writers to commit');
		await body(writers);
	} finally {
		await writers.stop().catch(() => undefined);
	}
}

async function migratedWithFlaskUser(): Promise<{location: string; flaskId: number}> {
	const location = await newDatabaseLocation('app.db');
	assert.equal((await runCli(['--migrate', '-d', location])).code, 0);
	const {id} = await flask<{id: number}>(location, ['add-user', 'flask']);
	return {location, flaskId: id};
}

async function bodiesBy(location: string, userId: number): Promise<string[]> {
	const listed = await sqlShell(location, `SELECT body FROM post WHERE user_id = ${userId}`);
	return listed === '' ? [] : listed.split('\n').sort();
}

async function assertIntact(location: string): Promise<void> {
	if (!isPostgres(location)) {
		assert.equal(await sqlShell(location, 'PRAGMA integrity_check'), 'ok');
		assert.equal(await sqlShell(location, 'PRAGMA foreign_key_check'), '');
		// Every time canonical, the foreign writers' included (the shell's column default is not): migration 0004's
		// trigger is in place whatever ran meanwhile (--generate sets it aside inside each of its own transactions).
		const shape = `'${'[0-9]'.repeat(4)}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].${'[0-9]'.repeat(6)}'`;
		assert.equal(await sqlShell(location, `SELECT count(*) FROM post WHERE NOT ("timestamp" GLOB ${shape})`), '0');
		assert.equal(await sqlShell(location, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name)"), 'post_timestamp_utc_insert,post_timestamp_utc_update');
	}
}

describe(`commands beside foreign writers (${testEngine})`, () => {
	it('--generate: every generated row and every foreign commit is there, and each side counts the other’s', async t => {
		const {location, flaskId} = await migratedWithFlaskUser();
		const users = 40;
		// More than one batch of 100,000: the foreign writers get their turns between the bulk transactions too.
		const posts = 120_000;
		let generated: Awaited<ReturnType<typeof runCli>> | undefined;
		let before = {sql: 0, alchemy: 0};
		let during = before;
		let foreignBodies: string[] = [];
		await withForeignWriters(location, flaskId, async writers => {
			before = writers.committed();
			generated = await runCli(['--generate', '--users', String(users), '--posts', String(posts), '-d', location], {timeoutMs: 60_000});
			during = writers.committed();
			foreignBodies = await writers.stop();
		});
		assert.ok(generated);
		assert.equal(generated.code, 0, generated.stderr);
		assert.match(generated.stdout, /^generated 40 users and 120,000 posts in /);
		assert.ok(during.sql > before.sql && during.alchemy > before.alchemy, `both foreign writers committed while --generate ran: ${JSON.stringify({before, during})}`);

		// The foreign rows, each once.
		assert.deepEqual(await bodiesBy(location, flaskId), [...foreignBodies].sort());
		// The SQL shell counts --generate's rows; SQLAlchemy counts everything.
		assert.equal(Number(await sqlShell(location, `SELECT count(*) FROM post WHERE user_id <> ${flaskId}`)), posts);
		assert.equal(Number(await sqlShell(location, 'SELECT count(*) FROM "user"')), users + 1);
		assert.deepEqual(await flask(location, ['count']), {users: users + 1, posts: posts + foreignBodies.length});
		// microblog-tui reads the foreign rows.
		const listed = JSON.parse((await runCli(['--list', 'users', '--json', '--limit', '100', '-d', location])).stdout) as Array<{username: string; postCount: number}>;
		assert.equal(listed.find(user => user.username === 'flask')?.postCount, foreignBodies.length);
		assert.equal(listed.reduce((sum, user) => sum + user.postCount, 0), posts + foreignBodies.length);
		await assertIntact(location);
		const [firstGenerated, lastGenerated] = (await sqlShell(location, `SELECT min(id) || ' ' || max(id) FROM post WHERE user_id <> ${flaskId}`)).split(' ').map(Number);
		const between = Number(await sqlShell(location, `SELECT count(*) FROM post WHERE user_id = ${flaskId} AND id BETWEEN ${firstGenerated} AND ${lastGenerated}`));
		t.diagnostic(`${generated.stdout.trim()}; ${foreignBodies.length} foreign commits (${during.sql - before.sql} SQL shell and ${during.alchemy - before.alchemy} SQLAlchemy while --generate ran; ${between} between its first and last post id)`);
	});

	it('--shell: 200 Post.create beside the foreign writers; every row is there, and each side reads the other’s', async () => {
		const {location, flaskId} = await migratedWithFlaskUser();
		let outputs: string[] = [];
		let before = {sql: 0, alchemy: 0};
		let during = before;
		let foreignBodies: string[] = [];
		await withForeignWriters(location, flaskId, async writers => {
			before = writers.committed();
			outputs = await shell(location, [
				"const repl = await User.create({username: 'repl', email: 'repl@example.com'}); repl.id",
				'for (let n = 1; n <= 200; n++) { await Post.create({body: `repl ${n}`, user_id: repl.id}) }; "posted"',
				`await Post.count({where: {user_id: ${flaskId}}})`,
			]);
			during = writers.committed();
			foreignBodies = await writers.stop();
		});
		assert.equal(outputs.length, 4, outputs.join(''));
		const replId = Number(outputs[0]);
		assert.ok(replId > flaskId, outputs[0]);
		assert.equal(outputs[1], "'posted'\n");
		// The shell read the foreign rows committed before its count, at least all those committed before it started.
		const seenByShell = Number(outputs[2]);
		assert.ok(seenByShell >= before.sql + before.alchemy && seenByShell <= foreignBodies.length, `--shell counted ${seenByShell} foreign rows`);
		assert.ok(during.sql > before.sql && during.alchemy > before.alchemy, `both foreign writers committed while --shell ran: ${JSON.stringify({before, during})}`);

		assert.deepEqual(await bodiesBy(location, replId), numbered('repl', 200).sort(), 'the SQL shell reads every post of --shell');
		assert.deepEqual(await bodiesBy(location, flaskId), [...foreignBodies].sort());
		assert.deepEqual(await flask(location, ['count']), {users: 2, posts: 200 + foreignBodies.length});
		await assertIntact(location);
	});
});
