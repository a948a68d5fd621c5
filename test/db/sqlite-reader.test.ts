// sqlite-only
// The listing's SQLite reader (source/db/sqlite-reader.ts) reads without Sequelize: it must bind values
// as the Database does, and give every read the same rows as the Database it stands in for.
import assert from 'node:assert/strict';
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import {timeKeyOf} from '../../source/db/stored-time.js';
import {Post, User} from '../../source/db/models/index.js';
import type {Reader} from '../../source/db/reader.js';
import {openSqliteReader} from '../../source/db/sqlite-reader.js';
import {assertOwnDatabase} from '../../source/db/migrator.js';
import {UserError} from '../../source/errors.js';
import {feedPage} from '../../source/store/feed-pages.js';
import type {PostRow} from '../../source/store/feed-pages.js';
import {postsBefore, usersBefore} from '../../source/store/list-position.js';
import {countUsers, findUserByName, userPage} from '../../source/store/users-query.js';
import type {UserRow} from '../../source/store/users-query.js';
import {migratedDatabase} from '../helpers/database.js';
import {tempDir} from '../helpers/temp-dir.js';
import {postSorts, userSorts} from '../helpers/sorts.js';

const {database, file} = await migratedDatabase('reader.db', 'sqlite');

function sqliteLocation(storage: string) {
	const location = resolveDatabase(storage);
	assert.equal(location.dialect, 'sqlite');
	return location as Extract<typeof location, {dialect: 'sqlite'}>;
}

describe('the SQLite reader', () => {
	let reader: Reader | undefined;
	after(async () => reader?.close());

	before(async () => {
		const names = ['mia', "o'neil", 'zed', 'bob', 'émile', 'kim', '李', 'sam'];
		const users = await User.bulkCreate(names.map((username, index) => ({username, email: `user${index}@example.com`})));
		const base = Date.UTC(2025, 0, 1);
		const posts = [];
		for (let index = 0; index < 90; index++) {
			// kim (index 5) never posts; runs of three posts share a timestamp, so ties are broken by id.
			const author = users[[0, 1, 2, 3, 4, 6, 7][(index * 5) % 7]!]!;
			posts.push({body: index % 4 === 0 ? `needle's ${index}` : `hay ${index} 🌾`, timestamp: new Date(base + Math.floor(index / 3) * 61_001), user_id: author.id});
		}
		await Post.bulkCreate(posts);
		reader = await openSqliteReader(sqliteLocation(file));
	});

	function opened(): Reader {
		assert.ok(reader, 'the reader opened');
		return reader;
	}

	it('binds values as the Database does: both read every value back as it was, NUL and quotes included', async () => {
		const values: Array<string | number | null> = [
			'plain',
			"it's",
			"''",
			'back\\slash \\\' mixed',
			'line\nbreak\ttab',
			'nul\0inside',
			'$1 $2 ? :name @x',
			'émoji 🌾 李 \u200b',
			'',
			'x'.repeat(10_000),
			0,
			-42,
			3.5,
			Number.MAX_SAFE_INTEGER,
			null,
		];
		for (const value of values) {
			// The same placeholder twice is one value, and a second one after it keeps its own.
			const sql = 'SELECT $1 AS value, $1 = $1 AS same, $2 AS other';
			const [row] = await opened().select<{value: unknown; same: unknown; other: unknown}>(sql, {bind: [value, 'second']});
			const [viaSequelize] = await database.select<{value: unknown; same: unknown; other: unknown}>(sql, {bind: [value, 'second']});
			assert.deepEqual({...row}, {value, same: value === null ? null : 1, other: 'second'}, `bound ${JSON.stringify(value)?.slice(0, 40)}`);
			assert.deepEqual({...viaSequelize}, {...row});
		}
	});

	it('stores a post written through Sequelize in the canonical text, the key the app computes from the Date it wrote', async () => {
		const [stored] = await opened().select<{timestamp: string}>('SELECT timestamp FROM post ORDER BY id LIMIT 1');
		const post = await Post.findOne({order: [['id', 'ASC']]});
		assert.match(stored!.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
		assert.equal(stored?.timestamp, timeKeyOf(post!.timestamp));
	});


	for (const sort of postSorts) {
		for (const filter of [{}, {text: "needle's"}]) {
			it(`pages the feed as the Database does: by ${sort.field}${sort.reverse ? ' reversed' : ''}${'text' in filter ? ', filtered' : ''}`, async () => {
				const walk = async (source: Reader): Promise<PostRow[]> => {
					const rows: PostRow[] = [];
					let page = await feedPage(source, {sort, filter, limit: 7});
					while (page.length > 0) {
						rows.push(...page);
						assert.ok(rows.length <= 200, 'paging ends');
						page = await feedPage(source, {sort, filter, after: page.at(-1)!, limit: 7});
					}
					return rows;
				};
				const want = await walk(database);
				assert.ok(want.length > 14, 'several pages');
				assert.deepEqual(await walk(opened()), want);
				const middle = want[Math.floor(want.length / 2)]!;
				assert.deepEqual(await feedPage(opened(), {sort, filter, before: middle, limit: 5}), await feedPage(database, {sort, filter, before: middle, limit: 5}));
				assert.equal(await postsBefore(opened(), {sort, filter, cursor: middle}), Math.floor(want.length / 2));
			});
		}
	}


	for (const sort of userSorts) {
		it(`pages the users as the Database does: by ${sort.field}${sort.reverse ? ' reversed' : ''}`, async () => {
			const walk = async (source: Reader): Promise<UserRow[]> => {
				const rows: UserRow[] = [];
				let page = await userPage(source, {sort, limit: 3});
				while (page.length > 0) {
					rows.push(...page);
					assert.ok(rows.length <= 20, 'paging ends');
					page = await userPage(source, {sort, after: page.at(-1)!, limit: 3});
				}
				return rows;
			};
			const want = await walk(database);
			assert.equal(want.length, 8);
			assert.deepEqual(await walk(opened()), want);
			for (const [index, cursor] of want.entries()) {
				assert.equal(await usersBefore(opened(), {sort, cursor}), index, `position of ${cursor.username}`);
				assert.deepEqual(await userPage(opened(), {sort, before: cursor, limit: 2}), await userPage(database, {sort, before: cursor, limit: 2}));
			}
		});
	}

	it('finds users and reads the migration record as the Database does', async () => {
		assert.equal(await countUsers(opened()), 8);
		assert.deepEqual(await findUserByName(opened(), "o'neil"), await findUserByName(database, "o'neil"));
		assert.equal(await findUserByName(opened(), 'nobody'), undefined);
		assert.deepEqual(await assertOwnDatabase(opened()), await assertOwnDatabase(database));
	});

	it('logs each statement with its duration', async () => {
		const logged: Array<[string, number]> = [];
		const logging = await openSqliteReader(sqliteLocation(file), {logging: (sql, ms) => logged.push([sql, ms])});
		try {
			await logging.select('SELECT count(*) AS n FROM post');
		} finally {
			await logging.close();
		}
		assert.equal(logged.length, 1);
		assert.equal(logged[0]![0], 'SELECT count(*) AS n FROM post');
		assert.ok(logged[0]![1] >= 0);
	});

	it('never creates a file, and fails as openDatabase fails for reading, in one line', async () => {
		const directory = tempDir();
		const missing = path.join(directory, 'missing.db');
		const text = path.join(directory, 'notes.txt');
		writeFileSync(text, 'not a database\n'.repeat(10));
		// A SQLite header over garbage: SQLite itself finds it out when the schema is read.
		const corrupt = path.join(directory, 'corrupt.db');
		writeFileSync(corrupt, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0x5a)]));
		const cases: Array<[string, RegExp]> = [
			[missing, /no database at .*missing\.db/],
			[text, /notes\.txt is not a SQLite database/],
			[corrupt, /corrupt\.db (is corrupt|is not a SQLite database)/],
			[directory, /is a directory, not a database file/],
		];
		for (const [broken, expected] of cases) {
			const failure = async (open: () => Promise<unknown>): Promise<string> => {
				try {
					await open();
				} catch (error) {
					assert.ok(error instanceof UserError, `a UserError for ${broken}: ${String(error)}`);
					return error.message;
				}
				assert.fail(`${broken} opened`);
			};
			const message = await failure(async () => openSqliteReader(sqliteLocation(broken)));
			assert.match(message, expected);
			assert.doesNotMatch(message, /\n/);
			assert.equal(message, await failure(async () => openDatabase(resolveDatabase(broken), {mode: 'existing', access: 'read'})));
		}
		assert.equal(existsSync(missing), false);
	});
});
