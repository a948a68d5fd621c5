// Issue 19: migration 0006-user-case-unique, through the built binary, with the engine's own client
// (`sqlite3` / `psql`) writing the rows that differ only in case and reading the indexes back.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';

const before = '0005-post-change-notify';
const head = '0006-user-case-unique';

async function cli(args: readonly string[]): Promise<string> {
	const result = await runCli(args);
	assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
	return result.stdout;
}

async function current(location: string): Promise<string> {
	return (JSON.parse(await cli(['--status', '--json', '-d', location])) as {current: string}).current;
}

/** The user table's named indexes as the engine's own client lists them: `name unique` per line, sorted. */
async function userIndexes(location: string): Promise<string[]> {
	const output =
		testEngine === 'sqlite'
			? await runForeignClient(location, `SELECT name || ' ' || "unique" FROM pragma_index_list('user') WHERE origin = 'c' ORDER BY name;`)
			: await runForeignClient(
					location,
					`SELECT indexname || ' ' || CASE WHEN indexdef LIKE 'CREATE UNIQUE%' THEN 1 ELSE 0 END FROM pg_indexes WHERE tablename = 'user' AND indexname LIKE 'ix_%' ORDER BY indexname;`,
				);
	return output.trim().split('\n').filter(Boolean);
}

/** The definitions of the two new indexes, as the engine stores them. */
async function lowerIndexDefinitions(location: string): Promise<string> {
	return testEngine === 'sqlite'
		? runForeignClient(location, `SELECT sql FROM sqlite_master WHERE name LIKE 'ix_user_%_lower' ORDER BY name;`)
		: runForeignClient(location, `SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'ix_user_%_lower' ORDER BY indexname;`);
}

const oldIndexes = ['ix_user_email 1', 'ix_user_username 1'];
const newIndexes = ['ix_user_email 1', 'ix_user_email_lower 1', 'ix_user_username 1', 'ix_user_username_lower 1'];

describe(`migration ${head} on ${testEngine}`, () => {
	it('adds unique indexes on lower(username) and lower(email); --downgrade drops them, --migrate adds them back', async () => {
		const location = await newDatabaseLocation();
		await cli(['--migrate', '-d', location]);
		assert.equal(await current(location), head);
		assert.deepEqual(await userIndexes(location), newIndexes);
		const definitions = await lowerIndexDefinitions(location);
		assert.match(definitions, /ix_user_email_lower.*\(lower\(\(?"?email"?\)?::text\)\)|ix_user_email_lower.*lower\("email"\)/i);
		assert.match(definitions, /ix_user_username_lower/);
		// --check knows them: the models declare them.
		assert.match(await cli(['--check', '-d', location]), /matches the models/);

		await cli(['--downgrade', '--to', before, '-d', location]);
		assert.equal(await current(location), before);
		assert.deepEqual(await userIndexes(location), oldIndexes);
		await cli(['--migrate', '-d', location]);
		assert.deepEqual(await userIndexes(location), newIndexes);
	});

	it('refuses when rows differ only in case: names each pair, changes nothing, exit 1; applies once they are fixed', async () => {
		const location = await newDatabaseLocation();
		await cli(['--migrate', '--to', before, '-d', location]);
		await runForeignClient(
			location,
			`INSERT INTO "user" (username, email) VALUES ('john', 'john@example.com'), ('JOHN', 'john2@example.com'), ('ana', 'ana@example.com'), ('susan', 'ANA@example.com'), ('John', 'j3@example.com');`,
		);
		const refused = await runCli(['--migrate', '-d', location]);
		assert.equal(refused.code, 1, refused.stderr);
		assert.equal(refused.stdout, '');
		const lines = refused.stderr.trimEnd().split('\n');
		assert.match(lines[0]!, new RegExp(`^microblog-tui: ${head}: usernames or emails that differ only in case; nothing was changed\\. Rename or remove one of each:$`));
		assert.deepEqual(lines.slice(1), [
			'  username #1 "john", #2 "JOHN" and #5 "John"',
			'  email #3 "ana@example.com" and #4 "ANA@example.com"',
		]);
		assert.equal(await current(location), before);
		assert.deepEqual(await userIndexes(location), oldIndexes);

		await runForeignClient(location, `UPDATE "user" SET username = 'john3' WHERE id = 5; UPDATE "user" SET username = 'john2' WHERE id = 2; DELETE FROM "user" WHERE id = 4;`);
		await cli(['--migrate', '-d', location]);
		assert.equal(await current(location), head);
		assert.deepEqual(await userIndexes(location), newIndexes);
		// And now the engine itself refuses such a pair, whoever writes it.
		await assert.rejects(runForeignClient(location, `INSERT INTO "user" (username, email) VALUES ('ANA', 'other@example.com');`), /unique|duplicate/i);
		await assert.rejects(runForeignClient(location, `INSERT INTO "user" (username, email) VALUES ('other', 'Ana@Example.com');`), /unique|duplicate/i);
		// An exact duplicate is still reported by the column's own index (SQLite checks the newest index first).
		await assert.rejects(runForeignClient(location, `INSERT INTO "user" (username, email) VALUES ('john', 'x@example.com');`), /user\.username|"ix_user_username"/);
	});

	it('bounds the list when many rows clash', async () => {
		const location = await newDatabaseLocation();
		await cli(['--migrate', '--to', before, '-d', location]);
		const values = Array.from({length: 30}, (_, index) => `('user${index}', 'u${index}@example.com'), ('USER${index}', 'U${index}@example.com')`);
		await runForeignClient(location, `INSERT INTO "user" (username, email) VALUES ${values.join(', ')};`);
		const refused = await runCli(['--migrate', '-d', location]);
		assert.equal(refused.code, 1, refused.stderr);
		const lines = refused.stderr.trimEnd().split('\n');
		assert.equal(lines.length, 12, refused.stderr);
		assert.equal(lines.at(-1), '  … and 50 more');
		assert.equal(await current(location), before);
	});

	it('--migrate --sql prints it offline, and the script applied by the engine client gives the same indexes', async () => {
		const location = await newDatabaseLocation();
		await cli(['--migrate', '--to', before, '-d', location]);
		const script = await cli(['--migrate', '--sql', '--from', before, '-d', location]);
		assert.match(script, /CREATE UNIQUE INDEX "?ix_user_username_lower"? ON "user" \(lower\("username"\)\);/);
		assert.match(script, /CREATE UNIQUE INDEX "?ix_user_email_lower"? ON "user" \(lower\("email"\)\);/);
		await runForeignClient(location, script);
		assert.equal(await current(location), head);
		assert.deepEqual(await userIndexes(location), newIndexes);
		const down = await cli(['--downgrade', '--sql', '-d', location]);
		assert.match(down, /DROP INDEX IF EXISTS "?ix_user_email_lower"?;/);
		await runForeignClient(location, down);
		assert.equal(await current(location), before);
		assert.deepEqual(await userIndexes(location), oldIndexes);
	});
});
