import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {randomSource, syntheticBody, syntheticUser} from '../../source/generate/synthetic-data.js';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';

describe('synthetic data', () => {
	it('bodies are 1..140 code points, varied, and some are not ASCII', () => {
		const random = randomSource(7);
		const bodies = Array.from({length: 5000}, () => syntheticBody(random));
		const lengths = bodies.map(body => [...body].length);
		assert.ok(Math.min(...lengths) >= 1);
		assert.ok(Math.max(...lengths) <= 140);
		assert.ok(new Set(lengths).size > 60, 'lengths vary');
		assert.ok(bodies.filter(body => /[^\u0000-\u007F]/.test(body)).length > 100, 'some non-ASCII and emoji');
		assert.equal(bodies.every(body => body.trim() === body), true);
	});

	it('users are unique and valid', () => {
		const random = randomSource(7);
		const users = Array.from({length: 2000}, (_, index) => syntheticUser(index + 1, random));
		assert.equal(new Set(users.map(user => user.username)).size, 2000);
		for (const user of users) {
			assert.match(user.username, /^[A-Za-z0-9_.-]{1,64}$/);
		}
	});
});

describe('--generate', () => {
	it('fills a migrated database and prints one summary line', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '-d', database]);
		const result = await runCli(['--generate', '--users', '50', '--posts', '2,500', '-d', database]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^generated 50 users and 2,500 posts in [\d.]+ s \([\d,]+ posts\/s\)\n$/);
		assert.equal(result.stderr, '', 'no progress bar without a terminal');
		const users = JSON.parse((await runCli(['--list', 'users', '--json', '--limit', '1000', '-d', database])).stdout) as Array<{postCount: number}>;
		assert.equal(users.length, 50);
		assert.equal(users.reduce((sum, user) => sum + user.postCount, 0), 2500);
		const check = await runCli(['--check', '-d', database]);
		assert.equal(check.code, 0, check.stdout);
		const newest = JSON.parse((await runCli(['--list', 'posts', '--json', '--limit', '5', '-d', database])).stdout) as Array<{timestamp: string}>;
		assert.ok(Date.now() - Date.parse(newest[0]!.timestamp) < 24 * 3600 * 1000, 'the newest post is recent');
	});

	it('checks each batch of posts for its authors itself: an author gone in the middle of a batch fails it and writes none of it (SQLite)', async () => {
		// The bulk load's connection does not enforce foreign keys row by row (see insertPosts). Authors come from the
		// users there are, so only a user deleted while the batch is written is missing: a trigger does it here.
		const file = await newDatabaseLocation('app.db', 'sqlite');
		await runCli(['--migrate', '-d', file]);
		assert.equal((await runCli(['--generate', '--users', '3', '--posts', '0', '-d', file])).code, 0);
		const database = await openDatabase(resolveDatabase(file));
		try {
			await database.sequelize.query(
				'CREATE TRIGGER author_vanishes AFTER INSERT ON post WHEN NOT EXISTS (SELECT 1 FROM post WHERE id < NEW.id) BEGIN DELETE FROM "user" WHERE id = NEW.user_id; END',
			);
			const result = await runCli(['--generate', '--users', '0', '--posts', '200', '-d', file]);
			assert.equal(result.code, 1);
			assert.match(result.stderr, /^microblog-tui: cannot add posts by user id [123]: there is no such user\n$/);
			const [[counts]] = (await database.sequelize.query('SELECT count(*) AS posts, (SELECT count(*) FROM "user") AS users FROM post')) as [Array<{posts: number; users: number}>, unknown];
			assert.deepEqual({...counts}, {posts: 0, users: 3});
			const [orphans] = await database.sequelize.query('PRAGMA foreign_key_check');
			assert.deepEqual(orphans, []);
			// The time trigger that the batch set aside came back with its rollback.
			const [triggers] = (await database.sequelize.query("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")) as [Array<{name: string}>, unknown];
			assert.deepEqual(triggers.map(row => row.name), ['author_vanishes', 'post_timestamp_utc_insert', 'post_timestamp_utc_update']);
		} finally {
			await database.close();
		}
	});

	it('refuses a database that has not been migrated', async () => {
		const database = await newDatabaseLocation();
		await runCli(['--migrate', '--to', '0001-create-user', '-d', database]);
		const result = await runCli(['--generate', '--posts', '10', '-d', database]);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /^microblog-tui: .* is not migrated \(5 pending\); run 'microblog-tui --migrate' first\n$/);
	});

	it('rejects bad counts as usage errors', async () => {
		const result = await runCli(['--generate', '--posts', 'lots']);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /--posts takes a whole number/);
		assert.equal((await runCli(['--list', 'posts', '--users', '3'])).code, 2);
	});
});
