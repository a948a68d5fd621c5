import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {afterPrompt, startDowngrade} from '../helpers/downgrade-prompt.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';

/*
 * The downgrade prompt names the rows it deletes, then waits for a person. Another program writing
 * meanwhile must not make `yes` delete more than was shown: the count is taken again inside the
 * downgrade's transaction. The binary runs in a pseudo-terminal (the prompt needs one); the second
 * writer is the engine's own client (`sqlite3`, `psql`).
 */

async function seededDatabase(): Promise<string> {
	const location = await newDatabaseLocation();
	for (const args of [['--migrate'], ['--seed']]) {
		const result = await runCli([...args, '-d', location]);
		assert.equal(result.code, 0, result.stderr);
	}
	return location;
}

/** What a foreign client sees: row counts, the migration records and the seed records, one per line. */
async function contents(location: string): Promise<string> {
	const tables = (await runForeignClient(location, testEngine === 'sqlite' ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;\n" : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1;\n"))
		.trim()
		.split('\n');
	const counts = tables.includes('post') ? 'SELECT count(*) FROM post; SELECT count(*) FROM "user";' : 'SELECT count(*) FROM "user";';
	return runForeignClient(location, `${counts}\nSELECT name FROM "SequelizeMeta" ORDER BY name;\nSELECT name FROM "SequelizeData" ORDER BY name;\n`);
}

const addPosts = (count: number) =>
	testEngine === 'sqlite'
		? `INSERT INTO post (body, timestamp, user_id) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count}) SELECT 'late ' || i, '2026-12-01 10:00:00.000 +00:00', (SELECT min(id) FROM "user") FROM n;\n`
		: `INSERT INTO post (body, timestamp, user_id) SELECT 'late ' || i, now(), (SELECT min(id) FROM "user") FROM generate_series(1, ${count}) AS i;\n`;

describe('the downgrade prompt, with another writer while it waits', () => {
	it('stops, with nothing changed, when more rows would go than the prompt said', async () => {
		const location = await seededDatabase();
		const prompt = await startDowngrade(location, '0001-create-user');
		assert.match(prompt.output(), /This downgrade deletes 36 rows in post\./);
		await runForeignClient(location, addPosts(500));
		const before = await contents(location);
		prompt.write('yes\r');
		assert.equal(await prompt.exited, 1, prompt.output());
		assert.deepEqual(afterPrompt(prompt.output()), [
			'microblog-tui: downgrade stopped: it would now delete 536 rows in post, more than the 36 confirmed; nothing was changed (run it again to see and confirm the new count)',
		]);
		assert.equal(await contents(location), before);
		assert.match(before, /^536\n6\n0001-create-user\n0002-create-post\n0003-feed-indexes\n0004-post-timestamp-utc\n0005-post-change-notify\n0006-user-case-unique\n0001-demo-users\n0002-demo-posts\n$/);
	});

	it('stops when a table that was to go gets a row more (a new user during a downgrade to base)', async () => {
		const location = await seededDatabase();
		const prompt = await startDowngrade(location, 'base');
		assert.match(prompt.output(), /This downgrade deletes 36 rows in post, 6 rows in user\./);
		await runForeignClient(location, `INSERT INTO "user" (username, email, password_hash) VALUES ('late', 'late@example.com', 'x');\n`);
		const before = await contents(location);
		prompt.write('yes\r');
		assert.equal(await prompt.exited, 1, prompt.output());
		assert.deepEqual(afterPrompt(prompt.output()), [
			'microblog-tui: downgrade stopped: it would now delete 7 rows in user, more than the 6 confirmed; nothing was changed (run it again to see and confirm the new count)',
		]);
		assert.equal(await contents(location), before);
	});

	it('goes ahead when fewer rows would go than the prompt said', async () => {
		const location = await seededDatabase();
		const prompt = await startDowngrade(location, '0001-create-user');
		await runForeignClient(location, 'DELETE FROM post WHERE id IN (SELECT id FROM post ORDER BY id LIMIT 10);\n');
		prompt.write('yes\r');
		assert.equal(await prompt.exited, 0, prompt.output());
		assert.equal(await contents(location), '6\n0001-create-user\n0001-demo-users\n', 'the posts seeder is forgotten with its table');
	});

	it('Ctrl-C at the prompt exits 130, with no DEBUG hint, and changes nothing', async () => {
		const location = await seededDatabase();
		const before = await contents(location);
		const prompt = await startDowngrade(location, 'base');
		prompt.write('\x03');
		assert.equal(await prompt.exited, 130, prompt.output());
		assert.doesNotMatch(prompt.output(), /DEBUG|\n\s+at /);
		assert.ok(afterPrompt(prompt.output()).length <= 1, `at most one line after the prompt:\n${prompt.output()}`);
		assert.equal(await contents(location), before);
	});
});
