import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {User} from '../../source/db/models/index.js';
import {createUser, signIn} from '../../source/store/accounts.js';
import {countPosts} from '../../source/store/feed-pages.js';
import {postPage} from '../../source/store/feed-query.js';
import {parsePostFilter} from '../../source/store/feed-pages.js';
import {composePost} from '../../source/store/posts.js';
import {runCli} from '../helpers/cli.js';
import {migratedDatabase} from '../helpers/database.js';

const hostile = [
	"'); DROP TABLE post; --",
	"' OR '1'='1",
	'" OR ""="',
	'1; DELETE FROM "user" WHERE 1=1',
	"Robert'); DROP TABLE students;--",
	'%_\\%\\_ LIKE wildcards',
	'$1 $2 :name ? ?? @@ $$',
	"admin'--",
	'\u0000 nul and \u001B[2J escape',
];

describe('injection: metacharacters are stored and matched literally, and change nothing else', () => {
	it('through compose, register, sign-in and the filter', async () => {
		const {database} = await migratedDatabase();
		const account = await createUser(database, {username: 'obrien', email: "o'brien+x@example.com", password: "pa'ss\"word; --"});
		const other = await User.create({username: 'bystander', email: 'b@example.com'});
		await composePost(database, other, 'an innocent post');
		// NUL is the one character not kept: PostgreSQL cannot store it, so no engine does.
		const kept = (body: string) => body.replaceAll('\u0000', '').trim();
		for (const body of hostile) {
			const stored = await composePost(database, account, body);
			assert.equal(stored.body, kept(body));
		}
		const mine = await postPage(database, {filter: {userId: account.id}, limit: 50});
		assert.deepEqual(new Set(mine.map(post => post.body)), new Set(hostile.map(kept)));
		assert.equal(await countPosts(database), hostile.length + 1, 'nothing dropped or deleted');
		assert.equal(await User.count(), 2);

		assert.equal((await signIn(database, 'obrien', "pa'ss\"word; --")).username, 'obrien');
		await assert.rejects(signIn(database, "obrien' --", 'anything'), {message: 'wrong username or password'});
		await assert.rejects(signIn(database, "' OR '1'='1", "' OR '1'='1"), {message: 'wrong username or password'});

		// Wildcards in the filter match themselves only.
		const percent = await postPage(database, {filter: parsePostFilter('%_\\%'), limit: 50});
		assert.deepEqual(percent.map(post => post.body), ['%_\\%\\_ LIKE wildcards']);
		const quote = await postPage(database, {filter: parsePostFilter("' OR '1'='1"), limit: 50});
		assert.deepEqual(quote.map(post => post.body), ["' OR '1'='1"]);
		const byAuthor = await postPage(database, {filter: parsePostFilter("@obrien' OR '1'='1"), limit: 50});
		assert.deepEqual(byAuthor, []);
		assert.equal(await countPosts(database, parsePostFilter('%')), 1);
		assert.equal(await countPosts(database), hostile.length + 1);
	});

	it('through every --list flag', async () => {
		const {file} = await migratedDatabase();
		for (const args of [
			['--list', "posts'; DROP TABLE post; --"],
			['--list', 'posts', '--sort', 'timestamp; DROP TABLE post'],
			['--list', 'posts', '--limit', '1; DELETE FROM post'],
			['--list', 'users', '--sort', "username' --"],
		]) {
			const result = await runCli([...args, '-d', file]);
			assert.equal(result.code, 2, `refused: ${args.join(' ')}`);
			assert.match(result.stderr, /^microblog-tui: --(list|sort|limit) takes /);
		}
		const check = await runCli(['--check', '-d', file]);
		assert.equal(check.code, 0, 'the schema is untouched');
	});
});
