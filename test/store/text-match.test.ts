import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {countPosts} from '../../source/store/feed-pages.js';
import type {PostFilter, PostRow} from '../../source/store/feed-pages.js';
import {postPage} from '../../source/store/feed-query.js';
import {postsBefore, usersBefore} from '../../source/store/list-position.js';
import {countUsers, userPage} from '../../source/store/users-query.js';
import type {UserRow, UserSort} from '../../source/store/users-query.js';
import {migratedDatabase} from '../helpers/database.js';
import {testEngine} from '../helpers/engine.js';
import {runForeignClient, sqlText} from '../helpers/foreign-client.js';

/*
 * The filter's text matching (store/text-match.ts) on the engine under test: Unicode case-insensitive, every
 * character of the needle literal, the same in pages, counts and positions. The rows are written by the engine's
 * own shell (`sqlite3` or `psql`), as another program would write them.
 */

const {database, file} = await migratedDatabase();
const users = ['susan', 'Zoë', 'bob', 'ÉMILE'];
const bodies: Array<[string, string]> = [
	['susan', 'un café au lait'],
	['susan', 'CAFÉ NOIR'],
	['susan', 'Straße und STRASSE'],
	['Zoë', 'ΣΟΦΊΑ and σοφία'],
	['Zoë', '100% sure_thing'],
	['Zoë', 'a [bracket] and a * star ? mark'],
	['bob', 'back\\slash and a.dot'],
	['bob', 'plain cafe without accent'],
	['bob', 'Ünïcödé ÇA'],
	['ÉMILE', 'emile écrit'],
];
const hash = 'scrypt$unused';
let script = 'BEGIN;\n';
for (const name of users) {
	script += `INSERT INTO "user" (username, email, password_hash) VALUES (${sqlText(name)}, ${sqlText(`${name.toLowerCase()}@Example.COM`)}, '${hash}');\n`;
}
bodies.forEach(([name, body], index) => {
	const time = `2026-01-01 00:${String(index).padStart(2, '0')}:00`;
	script += `INSERT INTO post (body, timestamp, user_id) SELECT ${sqlText(body)}, '${time}', id FROM "user" WHERE username = ${sqlText(name)};\n`;
});
script += 'COMMIT;\n';
await runForeignClient(file, script);

async function all(filter: PostFilter): Promise<PostRow[]> {
	return postPage(database, {filter, limit: 100});
}

async function matching(text: string): Promise<string[]> {
	return (await all({text})).map(row => row.body ?? '').sort();
}

describe(`the filter's text matching (${testEngine})`, () => {
	it('folds the case of any letter, not only ASCII: CAFÉ finds café', async () => {
		assert.deepEqual(await matching('CAFÉ'), ['CAFÉ NOIR', 'un café au lait']);
		assert.deepEqual(await matching('café'), ['CAFÉ NOIR', 'un café au lait']);
		assert.deepEqual(await matching('ünïcödé ça'), ['Ünïcödé ÇA']);
		assert.deepEqual(await matching('σοφία'), ['ΣΟΦΊΑ and σοφία']);
		assert.deepEqual(await matching('cafe'), ['plain cafe without accent'], 'é is not e: no accent folding');
	});

	it('folds one letter to one: straße finds Straße, not STRASSE', async () => {
		assert.deepEqual(await matching('STRAßE'), ['Straße und STRASSE']);
		assert.deepEqual(await matching('strasse und'), [], 'ß is not ss');
	});

	it('takes %, _, [, *, ?, \\ and . as themselves', async () => {
		assert.deepEqual(await matching('100%'), ['100% sure_thing']);
		assert.deepEqual(await matching('%'), ['100% sure_thing']);
		assert.deepEqual(await matching('e_t'), ['100% sure_thing']);
		assert.deepEqual(await matching('_'), ['100% sure_thing']);
		assert.deepEqual(await matching('[bracket]'), ['a [bracket] and a * star ? mark']);
		assert.deepEqual(await matching('['), ['a [bracket] and a * star ? mark']);
		assert.deepEqual(await matching('* star ?'), ['a [bracket] and a * star ? mark']);
		assert.deepEqual(await matching('*'), ['a [bracket] and a * star ? mark']);
		assert.deepEqual(await matching('?'), ['a [bracket] and a * star ? mark']);
		assert.deepEqual(await matching('k\\s'), ['back\\slash and a.dot']);
		assert.deepEqual(await matching('a.d'), ['back\\slash and a.dot']);
		assert.deepEqual(await matching('a d'), [], '. is not any character');
	});

	it('ignores a NUL in the needle', async () => {
		assert.deepEqual(await matching('ca\u0000fé'), ['CAFÉ NOIR', 'un café au lait']);
	});

	it('counts and places rows under the same matching', async () => {
		const filter = {text: 'A'};
		const rows = await all(filter);
		assert.equal(await countPosts(database, filter), rows.length);
		for (const [index, row] of rows.entries()) {
			assert.equal(await postsBefore(database, {filter, cursor: row}), index);
		}
		const byName = await postPage(database, {filter, sort: {field: 'username', reverse: false}, limit: 100});
		assert.equal(byName.length, rows.length);
		for (const [index, row] of byName.entries()) {
			assert.equal(await postsBefore(database, {filter, sort: {field: 'username', reverse: false}, cursor: row}), index);
		}
	});

	it('@name in any case: @SUSAN finds susan, @zoË finds Zoë', async () => {
		assert.equal((await all({author: 'SUSAN'})).length, 3);
		assert.equal(await countPosts(database, {author: 'SUSAN'}), 3);
		const susans = await all({author: 'SuSaN'});
		assert.equal(await postsBefore(database, {filter: {author: 'SUSAN'}, cursor: susans[1]!}), 1);
		assert.equal((await all({author: 'Zoë'})).length, 3, 'the exact name always');
		assert.equal((await all({author: 'nobody'})).length, 0);
	});
});

describe(`Users filtered by name or email (${testEngine})`, () => {
	const sorts: UserSort[] = [
		{field: 'username', reverse: false},
		{field: 'username', reverse: true},
		{field: 'latest', reverse: false},
		{field: 'latest', reverse: true},
	];

	it('matches the username or the email, in any case', async () => {
		const names = async (text: string) => (await userPage(database, {filter: {text}, limit: 50})).map(user => user.username).sort();
		assert.deepEqual(await names('ÉMI'), ['ÉMILE']);
		assert.deepEqual(await names('émile'), ['ÉMILE']);
		assert.deepEqual(await names('ZOË'), ['Zoë']);
		assert.deepEqual(await names('example.com'), ['bob', 'susan', 'Zoë', 'ÉMILE'].sort());
		assert.deepEqual(await names('S'), ['susan']);
	});

	it('pages, counts and places more users than a page, in every sort', async () => {
		let more = 'BEGIN;\n';
		for (let index = 0; index < 45; index++) {
			const name = `Member${String(index).padStart(2, '0')}`;
			more += `INSERT INTO "user" (username, email, password_hash) VALUES ('${name}', '${index % 3 === 0 ? 'm' : 'x'}${index}@club.example', '${hash}');\n`;
			if (index % 2 === 0) {
				more += `INSERT INTO post (body, timestamp, user_id) SELECT 'hi', '2026-02-01 00:${String(index).padStart(2, '0')}:00', id FROM "user" WHERE username = '${name}';\n`;
			}
		}
		more += 'COMMIT;\n';
		await runForeignClient(file, more);
		const filter = {text: 'MEMBER'};
		assert.equal(await countUsers(database, filter), 45);
		assert.equal(await countUsers(database, {text: 'M1'}), 3, 'the emails m12@, m15@ and m18@ (Member1x has r1, not m1)');
		for (const sort of sorts) {
			const seen: UserRow[] = [];
			let page = await userPage(database, {sort, filter, limit: 7});
			while (page.length > 0) {
				seen.push(...page);
				page = await userPage(database, {sort, filter, after: page.at(-1)!, limit: 7});
			}
			assert.equal(seen.length, 45, `${sort.field} ${sort.reverse}: every match once`);
			assert.equal(new Set(seen.map(user => user.id)).size, 45);
			assert.ok(seen.every(user => /member/i.test(user.username ?? '')));
			const back = await userPage(database, {sort, filter, before: seen.at(-1)!, limit: 7});
			assert.deepEqual(back.map(user => user.id), seen.slice(-8, -1).map(user => user.id), 'a page backwards');
			for (const index of [0, 6, 7, 22, 44]) {
				assert.equal(await usersBefore(database, {sort, filter, cursor: seen[index]!}), index, `${sort.field} ${sort.reverse}: position ${index}`);
			}
		}
	});
});
