import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Op} from 'sequelize';
import {Post, User} from '../../source/db/models/index.js';
import sqlite3 from 'sqlite3';
import {createUser, signIn} from '../../source/store/accounts.js';
import {composePost, deletePost} from '../../source/store/posts.js';
import {countPosts} from '../../source/store/feed-pages.js';
import {postPage} from '../../source/store/feed-query.js';
import {hashPassword, parsePasswordHash, verifyPassword} from '../../source/store/password.js';
import {migratedDatabase, select} from '../helpers/database.js';

describe('store writes', () => {
	it('composePost trims, stores and refuses blank or over-long bodies', async () => {
		const {database} = await migratedDatabase();
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const post = await composePost(database, john, '  hello world  ');
		assert.equal(post.body, 'hello world');
		assert.equal(post.username, 'john');
		await assert.rejects(composePost(database, john, '   \n '), {name: 'UserError', message: 'a post cannot be empty'});
		await assert.rejects(composePost(database, john, 'x'.repeat(141)), {message: /at most 140 characters \(this one has 141\)/});
		// 140 code points of emoji are fine even though they are 280 UTF-16 units.
		await composePost(database, john, '😀'.repeat(140));
		await assert.rejects(composePost(database, {id: 999, username: 'ghost'}, 'ghost'), {message: /no longer exists/});
		assert.equal(await countPosts(database), 2);
	});

	it('a post written through the models is found again by its own Date, as a --shell user would look it up', async () => {
		const {database} = await migratedDatabase();
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const written = await composePost(database, john, 'when was this');
		const post = await Post.findByPk(written.id);
		assert.equal(await Post.count({where: {timestamp: post!.timestamp}}), 1);
		assert.equal(await Post.count({where: {timestamp: {[Op.gt]: post!.timestamp}}}), 0);
		assert.equal(await Post.count({where: {timestamp: {[Op.gte]: post!.timestamp}}}), 1);
		assert.equal(post!.timestamp.getTime(), written.timestamp.getTime());
		// The row's exact key is what the compose box keyed the new post with.
		const [page] = await postPage(database, {limit: 1});
		assert.equal(page!.timeKey, written.timeKey);
	});

	it('deletePost deletes only the signed-in user’s own post', async () => {
		const {database} = await migratedDatabase();
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const susan = await User.create({username: 'susan', email: 'susan@example.com'});
		const post = await composePost(database, john, 'mine');
		await assert.rejects(deletePost(database, susan.id, post.id), {message: 'you can only delete your own posts'});
		assert.equal(await countPosts(database), 1);
		await deletePost(database, john.id, post.id);
		assert.equal(await countPosts(database), 0);
		await assert.rejects(deletePost(database, john.id, post.id), {message: 'that post no longer exists'});
	});

	it('createUser validates, refuses duplicates and stores a self-describing scrypt hash', async () => {
		const {database} = await migratedDatabase();
		const account = await createUser(database, {username: 'ana', email: 'ana@example.com', password: 'correct horse'});
		assert.equal(account.username, 'ana');
		await assert.rejects(createUser(database, {username: 'ana', email: 'other@example.com', password: 'password1'}), {message: 'that username is taken'});
		await assert.rejects(createUser(database, {username: 'ana2', email: 'ana@example.com', password: 'password1'}), {message: 'that email is already registered'});
		await assert.rejects(createUser(database, {username: 'bad name', email: 'x@example.com', password: 'password1'}), {message: /username must be/});
		await assert.rejects(createUser(database, {username: 'x'.repeat(65), email: 'x@example.com', password: 'password1'}), {message: /username must be/});
		await assert.rejects(createUser(database, {username: 'bob', email: 'not-an-address', password: 'password1'}), {message: 'email is not a valid address'});
		await assert.rejects(createUser(database, {username: 'bob', email: `${'a'.repeat(110)}@example.com`, password: 'password1'}), {message: /at most 120/});
		await assert.rejects(createUser(database, {username: 'bob', email: 'bob@example.com', password: 'short'}), {message: /at least 8/});
		const [row] = await select<{password_hash: string}>(database, `SELECT password_hash FROM "user" WHERE username = 'ana'`);
		assert.match(row!.password_hash, /^\$scrypt\$ln=17,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
		assert.ok(row!.password_hash.length <= 128);
		assert.equal((await signIn(database, 'ana', 'correct horse')).username, 'ana');
		await assert.rejects(signIn(database, 'ana', 'wrong horse'), {message: 'wrong username or password'});
		await assert.rejects(signIn(database, 'nobody', 'correct horse'), {message: 'wrong username or password'});
	});

	it('the model validates usernames, emails and bodies too (shell users go through it)', async () => {
		await migratedDatabase();
		await assert.rejects(User.create({username: 'has space', email: 'a@example.com'}), /username must be/);
		await assert.rejects(User.create({username: 'ok', email: 'nope'}), /email is not a valid address/);
		const user = await User.create({username: 'ok', email: 'ok@example.com'});
		await assert.rejects(user.createPost({body: '   '}), /cannot be empty/);
	});

	it('two connections writing at once both succeed (IMMEDIATE transactions, retried on SQLITE_BUSY)', async () => {
		const {database, file} = await migratedDatabase('app.db', 'sqlite');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		// Another connection (as another process would) holds the write lock for a while; our writes wait instead of failing.
		const other = new sqlite3.Database(file);
		const run = (sql: string) =>
			new Promise<void>((resolve, reject) => {
				other.run(sql, error => (error ? reject(error) : resolve()));
			});
		await run('BEGIN IMMEDIATE');
		await run(`INSERT INTO post (body, user_id) VALUES ('from the other writer', ${john.id})`);
		const writes = Array.from({length: 10}, (_, index) => composePost(database, john, `post ${index}`));
		await new Promise(resolve => setTimeout(resolve, 300));
		await run('COMMIT');
		await Promise.all(writes);
		await new Promise(resolve => {
			other.close(resolve);
		});
		assert.equal(await countPosts(database), 11);
		const page = await postPage(database, {limit: 20});
		assert.equal(page.length, 11);
	});
});

describe('password hashes', () => {
	it('round-trips and rejects absurd or malformed stored hashes quickly and safely', async () => {
		const hash = await hashPassword('pässword');
		assert.equal(await verifyPassword('pässword', hash), true);
		assert.equal(await verifyPassword('password', hash), false);
		assert.equal(parsePasswordHash(hash.replace('ln=17', 'ln=40')), undefined);
		assert.equal(await verifyPassword('pässword', hash.replace('ln=17', 'ln=40')), false);
		assert.equal(await verifyPassword('pässword', hash.slice(0, -10)), false);
		assert.equal(await verifyPassword('pässword', 'garbage'), false);
		assert.equal(await verifyPassword('pässword', null), false);
	});
});
