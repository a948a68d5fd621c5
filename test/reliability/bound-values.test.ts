import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import type {Reader} from '../../source/db/reader.js';
import {openSqliteReader} from '../../source/db/sqlite-reader.js';
import {createUser, signIn, signInFailure} from '../../source/store/accounts.js';
import {countPosts, feedPage} from '../../source/store/feed-pages.js';
import type {PostRow, PostSort} from '../../source/store/feed-pages.js';
import {postPage} from '../../source/store/feed-query.js';
import {postsBefore, usersBefore} from '../../source/store/list-position.js';
import {hashPassword} from '../../source/store/password.js';
import {composePost, deletePost} from '../../source/store/posts.js';
import {findUserByName, userPage} from '../../source/store/users-query.js';
import type {UserRow, UserSort} from '../../source/store/users-query.js';
import {runCli} from '../helpers/cli.js';
import {migratedDatabase} from '../helpers/database.js';
import {testEngine} from '../helpers/engine.js';
import {runForeignClient, sqlText} from '../helpers/foreign-client.js';
import {postSorts, userSorts} from '../helpers/sorts.js';

/*
 * Every read and write path of the store with values that SQL text cannot carry safely: quotes, backslashes,
 * LIKE's wildcards, text that looks like a placeholder, NUL (SQLite reads SQL text only up to one) and 10,000
 * characters. Values are bound, never written into the SQL (issue 17), so each one is stored, found, paged past
 * and read back as it is, and the engine's own client reads back byte for byte what the app wrote.
 */

const long = 'q\'"\\%_$1 -'.repeat(1000);
assert.equal(long.length, 10_000);

/** Text no engine refuses to store in the schema's columns (usernames up to 64, bodies up to 140 characters). */
const storable = ["it's", 'say "hi"', 'back\\slash\\', '100%_sure', '$1 and $2', "'; DROP TABLE post; --", "o'neil\"\\%_$1"];
/** What only SQLite stores: NUL, and text longer than the columns' declared sizes (PostgreSQL enforces them). */
const sqliteOnly = ['nul\u0000inside', '\u0000', long];
const stored = testEngine === 'sqlite' ? [...storable, ...sqliteOnly] : storable;
/** Typed values: anything can be typed into a filter or a sign-in form, on either engine. */
const typed = [...storable, ...sqliteOnly, "it\u0000's", '%', '_', '\\', '$1', '$2'];

const password = 'hostile-password';

/** SQLite's LIKE reads text up to its first NUL, and folds ASCII case; PostgreSQL's LIKE folds nothing. */
function contains(body: string, text: string): boolean {
	const needle = text.replaceAll('\u0000', '');
	if (testEngine === 'postgres') {
		return body.includes(needle);
	}
	const fold = (value: string) => value.replace(/[A-Z]/g, letter => letter.toLowerCase());
	return fold(body.split('\u0000')[0]!).includes(fold(needle));
}

/** UTF-8 bytes of a column as the engine's own client reads them, in hex. */
async function bytesOf(file: string, sql: string): Promise<string[]> {
	const out = await runForeignClient(file, `${sql};`);
	return out
		.split('\n')
		.filter(line => line !== '')
		.map(line => line.toLowerCase());
}

function hexSql(column: string): string {
	return testEngine === 'sqlite' ? `hex(CAST(${column} AS BLOB))` : `encode(convert_to(${column}, 'UTF8'), 'hex')`;
}

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

const {database, file} = await migratedDatabase();

describe('every value is bound: quotes, backslashes, wildcards, placeholders, NUL and 10,000 characters', () => {
	let sqliteReader: Reader | undefined;
	/** Users written by the engine's own client, by name; each has posts whose bodies are the hostile texts. */
	const expectedPosts = new Map<number, {body: string; username: string}>();
	const names: string[] = [];

	before(async () => {
		const hash = await hashPassword(password);
		const script: string[] = [];
		// Usernames are the hostile texts cut to the column's 64 characters; bodies each hostile text, by each of three users.
		for (const [index, text] of stored.entries()) {
			const name = testEngine === 'postgres' ? text.slice(0, 64) : text;
			names.push(name);
			script.push(`INSERT INTO "user" (id, username, email, password_hash) VALUES (${index + 1}, ${sqlText(name)}, 'u${index}@example.org', '${hash}');`);
		}
		let id = 0;
		for (const [index, body] of stored.entries()) {
			for (const offset of [0, 1, 2]) {
				id++;
				const author = ((index + offset) % stored.length) + 1;
				// Runs of equal times, so the keyset's id half is paged past too.
				const time = `2026-01-0${1 + (id % 3)} 10:00:00`;
				script.push(`INSERT INTO post (id, body, timestamp, user_id) VALUES (${id}, ${sqlText(body)}, '${time}', ${author});`);
				expectedPosts.set(id, {body, username: names[author - 1]!});
			}
		}
		if (testEngine === 'postgres') {
			// The rows above chose their ids: the sequences go on after them, as for rows restored from a dump.
			script.push(`SELECT setval(pg_get_serial_sequence('"user"', 'id'), ${stored.length}), setval(pg_get_serial_sequence('post', 'id'), ${id});`);
		}
		await runForeignClient(file, script.join('\n'));
		if (testEngine === 'sqlite') {
			const location = resolveDatabase(file);
			assert.equal(location.dialect, 'sqlite');
			sqliteReader = await openSqliteReader(location as Extract<typeof location, {dialect: 'sqlite'}>);
		}
	});
	after(async () => sqliteReader?.close());

	/** The whole list read forwards page by page from each cursor, then backwards from its end. */
	async function walk<Row extends {id: number}>(
		page: (request: {after?: Row; before?: Row; limit: number}) => Promise<Row[]>,
		label: string,
	): Promise<Row[]> {
		const forwards: Row[] = [];
		for (let next = await page({limit: 3}); next.length > 0; next = await page({after: next.at(-1)!, limit: 3})) {
			forwards.push(...next);
			assert.ok(forwards.length <= 1000, `${label}: the walk ends`);
		}
		const backwards: Row[] = [];
		for (let previous = forwards.slice(-1); previous.length > 0; previous = await page({before: previous[0]!, limit: 3})) {
			backwards.unshift(...previous);
		}
		assert.deepEqual(backwards.map(row => row.id), forwards.map(row => row.id), `${label}: backwards reads the same list`);
		return forwards;
	}

	it('the feed in both sorts and directions, its positions, and the profile, through the Database and the SQLite reader', async () => {
		const readers: Array<[string, Reader]> = [['database', database]];
		if (sqliteReader) {
			readers.push(['sqlite reader', sqliteReader]);
		}
		for (const sort of postSorts as PostSort[]) {
			for (const [label, reader] of readers) {
				const rows = await walk<PostRow>(async request => feedPage(reader, {sort, ...request}), `feed ${JSON.stringify(sort)} via ${label}`);
				assert.deepEqual(
					new Map(rows.map(row => [row.id, {body: row.body, username: row.username}])),
					expectedPosts,
					`feed ${JSON.stringify(sort)} via ${label}: every post once, as stored`,
				);
				for (const [index, row] of rows.entries()) {
					assert.equal(await postsBefore(reader, {sort, cursor: row}), index, `position of post ${row.id} by ${JSON.stringify(sort)} via ${label}`);
				}
			}
		}
		for (const [index, name] of names.entries()) {
			const userId = index + 1;
			const mine = [...expectedPosts].filter(([, post]) => post.username === name).map(([id]) => id);
			const profile = await walk<PostRow>(async request => postPage(database, {filter: {userId}, ...request}), `profile of ${JSON.stringify(name.slice(0, 20))}`);
			assert.deepEqual(new Set(profile.map(row => row.id)), new Set(mine));
			const byName = await walk<PostRow>(async request => postPage(database, {filter: {author: name}, ...request}), `@${JSON.stringify(name.slice(0, 20))}`);
			assert.deepEqual(new Set(byName.map(row => row.id)), new Set(mine));
			assert.equal(await countPosts(database, {author: name}), mine.length);
			const found = await findUserByName(database, name);
			assert.equal(found?.username, name);
			assert.equal(found?.postCount, mine.length);
		}
	});

	it('the users list in both sorts and directions and its positions', async () => {
		for (const sort of userSorts as UserSort[]) {
			const rows = await walk<UserRow>(async request => userPage(database, {sort, ...request}), `users ${JSON.stringify(sort)}`);
			assert.deepEqual(new Set(rows.map(row => row.username)), new Set(names), `users ${JSON.stringify(sort)}: each once`);
			for (const [index, row] of rows.entries()) {
				assert.equal(await usersBefore(database, {sort, cursor: row}), index, `position of ${row.id} by ${JSON.stringify(sort)}`);
			}
		}
	});

	it('the text filter, in both sorts, finds what holds the text (NUL is not matched), and counts it', async () => {
		for (const text of typed) {
			const expected = [...expectedPosts].filter(([, post]) => contains(post.body, text)).map(([id]) => id);
			for (const sort of [postSorts[0]!, postSorts[2]!]) {
				const rows = await walk<PostRow>(async request => postPage(database, {sort, filter: {text}, ...request}), `filter ${JSON.stringify(text.slice(0, 20))}`);
				assert.deepEqual(new Set(rows.map(row => row.id)), new Set(expected), `filter ${JSON.stringify(text.slice(0, 20))} by ${sort.field}`);
				for (const [index, row] of rows.entries()) {
					assert.equal(await postsBefore(database, {sort, filter: {text}, cursor: row}), index);
				}
			}
			assert.equal(await countPosts(database, {text}), expected.length);
		}
	});

	it('sign-in with each stored name, and refusal, in the same words, for typed names nobody has', async () => {
		for (const name of names) {
			assert.equal((await signIn(database, name, password)).username, name);
		}
		for (const name of ['nobody', `${long}!`, "it\u0000's", "' OR '1'='1", '$1']) {
			await assert.rejects(signIn(database, name, password), {message: signInFailure}, JSON.stringify(name.slice(0, 20)));
		}
	});

	it('register, post and delete write the values as they are: the engine\'s own client reads back the same bytes', async () => {
		// What the model's isEmail accepts of the hostile characters: quote, %, _, $ (not " or a backslash).
		const email = `o'b%e_n$1+x@example.org`;
		const account = await createUser(database, {username: 'o.brien_1-x', email, password});
		await assert.rejects(createUser(database, {username: 'nul', email: 'a\u0000b@example.org', password}), {message: 'email is not a valid address'});
		await assert.rejects(createUser(database, {username: 'long', email: `${long}@example.org`, password}), {message: /email must be at most 120/});
		assert.deepEqual(await bytesOf(file, `SELECT ${hexSql('email')} FROM "user" WHERE id = ${account.id}`), [hex(email)]);
		assert.deepEqual(await bytesOf(file, `SELECT ${hexSql('username')} FROM "user" WHERE id = ${account.id}`), [hex('o.brien_1-x')]);
		const bodies = [...storable, 'nul\u0000inside', `${"'\"\\%_$1".repeat(20)}`];
		const written: number[] = [];
		for (const body of bodies) {
			const post = await composePost(database, account, body);
			written.push(post.id);
			const kept = body.replaceAll('\u0000', '').trim();
			assert.equal(post.body, kept);
			assert.deepEqual(await bytesOf(file, `SELECT ${hexSql('body')} FROM post WHERE id = ${post.id}`), [hex(kept)]);
			const [found] = await postPage(database, {filter: {text: kept}, limit: 200}).then(rows => rows.filter(row => row.id === post.id));
			assert.equal(found?.body, kept);
		}
		for (const id of written) {
			await deletePost(database, account.id, id);
		}
		assert.deepEqual(await bytesOf(file, `SELECT count(*) FROM post WHERE user_id = ${account.id}`), ['0']);
		assert.equal((await signIn(database, 'o.brien_1-x', password)).email, email);
	});

	it('--list posts and users, in each sort, print every value as stored', async () => {
		for (const args of [[], ['--sort', 'username'], ['--reverse'], ['--sort', 'username', '--reverse']]) {
			const posts = await runCli(['--list', 'posts', '--json', '--limit', '1000', ...args, '-d', file]);
			assert.equal(posts.code, 0, posts.stderr);
			const listed = JSON.parse(posts.stdout) as Array<{id: number; body: string; username: string}>;
			assert.deepEqual(new Map(listed.map(row => [row.id, {body: row.body, username: row.username}])), expectedPosts, `--list posts ${args.join(' ')}`);
		}
		const users = await runCli(['--list', 'users', '--json', '--limit', '1000', '-d', file]);
		assert.equal(users.code, 0, users.stderr);
		assert.deepEqual(new Set((JSON.parse(users.stdout) as Array<{username: string}>).map(row => row.username)), new Set([...names, 'o.brien_1-x']));
	});
});
