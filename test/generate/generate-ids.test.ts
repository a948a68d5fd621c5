import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {generate} from '../../source/generate/generate.js';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation, testEngine} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';

/** Counts read by the engine's own client, and the posts whose author is missing. */
async function counts(location: string): Promise<{users: number; posts: number; orphans: number}> {
	const out = await runForeignClient(
		location,
		'SELECT (SELECT count(*) FROM "user"), (SELECT count(*) FROM post), (SELECT count(*) FROM post WHERE user_id NOT IN (SELECT id FROM "user"));',
	);
	const [users, posts, orphans] = out.trim().split('|').map(Number);
	return {users: users!, posts: posts!, orphans: orphans!};
}

/** A trigger another program adds: it refuses the post that would make `limit` + 1. */
function refusingTrigger(limit: number): string {
	return testEngine === 'sqlite'
		? `CREATE TRIGGER refuse_post BEFORE INSERT ON post WHEN (SELECT count(*) FROM post) >= ${limit} BEGIN SELECT RAISE(ABORT, 'refused by a foreign trigger'); END;`
		: `CREATE FUNCTION refuse_post() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
				IF (SELECT count(*) FROM post) >= ${limit} THEN RAISE EXCEPTION 'refused by a foreign trigger'; END IF;
				RETURN NEW;
			END $$;
			CREATE TRIGGER refuse_post BEFORE INSERT ON post FOR EACH ROW EXECUTE FUNCTION refuse_post();`;
}

describe('--generate takes the ids the database gives', () => {
	it('after --seed --undo (ids no longer start at max(id) + 1), users and posts are written and every post has its author', async () => {
		const location = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', location])).code, 0);
		assert.equal((await runCli(['--seed', '-d', location])).code, 0);
		assert.equal((await runCli(['--seed', '--undo', '-d', location])).code, 0);
		assert.deepEqual(await counts(location), {users: 0, posts: 0, orphans: 0});
		const result = await runCli(['--generate', '--users', '20', '--posts', '500', '-d', location]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^generated 20 users and 500 posts in /);
		assert.deepEqual(await counts(location), {users: 20, posts: 500, orphans: 0});
		// Posts only, for the users there are (ids with gaps below them), then more users after a delete.
		await runForeignClient(location, 'DELETE FROM post WHERE user_id IN (SELECT id FROM "user" ORDER BY id LIMIT 5); DELETE FROM "user" WHERE id IN (SELECT id FROM "user" ORDER BY id LIMIT 5);');
		const before = await counts(location);
		assert.equal((await runCli(['--generate', '--users', '0', '--posts', '300', '-d', location])).code, 0);
		assert.deepEqual(await counts(location), {users: before.users, posts: before.posts + 300, orphans: 0});
		assert.equal((await runCli(['--generate', '--users', '7', '--posts', '70', '-d', location])).code, 0);
		assert.deepEqual(await counts(location), {users: before.users + 7, posts: before.posts + 370, orphans: 0});
	});

	it('a batch that fails part-way leaves nothing of itself: not its users, not its posts', async () => {
		const location = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', location])).code, 0);
		assert.equal((await runCli(['--generate', '--users', '10', '--posts', '100', '-d', location])).code, 0);
		await runForeignClient(location, refusingTrigger(400));
		const result = await runCli(['--generate', '--users', '30', '--posts', '1000', '-d', location]);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /^microblog-tui: .*refused by a foreign trigger.*\n$/);
		assert.deepEqual(await counts(location), {users: 10, posts: 100, orphans: 0});
	});

	it('with several batches, those before the failing one are kept whole and the failing one leaves nothing', async () => {
		const location = await newDatabaseLocation();
		assert.equal((await runCli(['--migrate', '-d', location])).code, 0);
		// Batches of 4 users and 50 posts: the trigger refuses the 120th post, in the third batch.
		await runForeignClient(location, refusingTrigger(119));
		const database = await openDatabase(resolveDatabase(location), {enforceForeignKeys: false});
		try {
			await assert.rejects(
				generate(database, {users: 20, posts: 250, passwordHash: null, batchSize: {users: 4, posts: 50}}),
				/refused by a foreign trigger/,
			);
		} finally {
			await database.close();
		}
		assert.deepEqual(await counts(location), {users: 8, posts: 100, orphans: 0});
	});
});
