// Post times written by other programs, in every format they use, paged and shown in three process time zones.
// The rows go in through the engine's own shell (sqlite3, psql); the walks use the store, the models (as --shell
// does) and the built `--list`. Each walk runs with TZ set to UTC, America/New_York and Asia/Kolkata.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {Post} from '../../source/db/models/index.js';
import type {Database} from '../../source/db/connection.js';
import {postPage} from '../../source/store/feed-query.js';
import type {PostRow, PostSort} from '../../source/store/feed-pages.js';
import {postsBefore} from '../../source/store/list-position.js';
import {userPage} from '../../source/store/users-query.js';
import {runCli} from '../helpers/cli.js';
import {migratedDatabase} from '../helpers/database.js';
import {testEngine} from '../helpers/engine.js';
import {runForeignClient} from '../helpers/foreign-client.js';
import {postSorts} from '../helpers/sorts.js';

const zones = ['UTC', 'America/New_York', 'Asia/Kolkata'];
const authors = ['ana', 'bob', 'cy'];

/** What the test knows of a row it wrote: the instant, as the canonical UTC text with six digits. */
type Expected = {id: number; key: string; author: string};

/** Canonical UTC text of a base instant plus microseconds, computed here without the code under test. */
function canonical(base: number, micros = 0): string {
	const milliseconds = base + Math.floor(micros / 1000);
	const iso = new Date(milliseconds).toISOString();
	const fraction = String((milliseconds % 1000) * 1000 + (micros % 1000)).padStart(6, '0');
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

const t = (text: string) => Date.parse(`${text}Z`);

/**
 * The rows: [the SQL value another program writes, its canonical UTC text]. Text order is not time order: an
 * ISO `T` sorts after every space on the same day, an offset names another hour, a shorter text sorts first.
 */
function foreignTimes(): Array<[string, string]> {
	const rows: Array<[string, string]> = [];
	const literal = (text: string): string => quote(text);
	// 150 rows inside one millisecond (SQLAlchemy's six digits), written in an order unlike their times.
	const oneMs = t('2026-11-30T10:00:00.123');
	for (let index = 0; index < 150; index++) {
		const micros = (index * 67) % 150;
		rows.push([literal(canonical(oneMs, micros)), canonical(oneMs, micros)]);
	}
	// 150 rows with one identical time, as CURRENT_TIMESTAMP writes it.
	for (let index = 0; index < 150; index++) {
		rows.push([literal('2026-11-30 11:00:00'), canonical(t('2026-11-30T11:00:00'))]);
	}
	// Four formats (and an offset) interleaved in time, twelve seconds apart.
	const start = t('2026-11-30T12:00:00');
	for (let index = 0; index < 60; index++) {
		const at = start + index * 12_000 + (index % 7) * 111;
		const iso = new Date(at).toISOString();
		const [date, time] = [iso.slice(0, 10), iso.slice(11, 23)];
		const formats = [
			`${date} ${time} +00:00`,
			`${date} ${time}000`,
			`${date} ${time.slice(0, 8)}`,
			`${date}T${time}Z`,
			`${new Date(at + 330 * 60_000).toISOString().slice(0, 23)}+05:30`,
		];
		const text = formats[index % formats.length]!;
		rows.push([literal(text), canonical(index % formats.length === 2 ? Math.floor(at / 1000) * 1000 : at)]);
	}
	if (testEngine === 'sqlite') {
		// Numbers, as the sqlite3 shell's time functions or a JavaScript program store them, and text that names no time
		// (kept as it is: it sorts as text, after every time, and every view shows it as unknown).
		rows.push(
			["julianday('2026-11-30 13:00:00')", canonical(t('2026-11-30T13:00:00'))],
			["strftime('%s', '2026-11-30 13:00:01')", canonical(t('2026-11-30T13:00:01'))],
			[`${t('2026-11-30T13:00:02.250')}`, canonical(t('2026-11-30T13:00:02.250'))],
			[literal('not a time'), 'not a time'],
		);
	}
	return rows;
}

function quote(text: string): string {
	return `'${text.replaceAll("'", "''")}'`;
}

/** The expected order of the feed in a sort, as the app defines it: time then id, authors A→Z for username. */
function expectedOrder(rows: Expected[], sort: PostSort): Expected[] {
	const newestFirst = (a: Expected, b: Expected) => (a.key < b.key ? 1 : a.key > b.key ? -1 : b.id - a.id);
	const byAuthor = (a: Expected, b: Expected) => (a.author < b.author ? -1 : a.author > b.author ? 1 : newestFirst(a, b));
	const sorted = [...rows].sort(sort.field === 'username' ? byAuthor : newestFirst);
	return sort.reverse ? sorted.reverse() : sorted;
}

/** Every row of a list, by pages of seven to the end, then back from the end to the start by `before`. */
async function walk(database: Database, sort: PostSort, filter: {userId?: number} = {}): Promise<{forward: PostRow[]; backward: PostRow[]}> {
	const forward: PostRow[] = [];
	for (let page = await postPage(database, {sort, filter, limit: 7}); page.length > 0; page = await postPage(database, {sort, filter, after: page.at(-1)!, limit: 7})) {
		forward.push(...page);
		assert.ok(forward.length <= 1000, 'the walk ends');
	}
	const backward: PostRow[] = forward.length > 0 ? [forward.at(-1)!] : [];
	for (let page = await postPage(database, {sort, filter, before: backward[0]!, limit: 7}); page.length > 0; page = await postPage(database, {sort, filter, before: page[0]!, limit: 7})) {
		backward.unshift(...page);
		assert.ok(backward.length <= 1000, 'the walk back ends');
	}
	return {forward, backward};
}

/** A canonical key as ISO (what --list --json prints), or the stored text when it names no time. */
function isoOf(key: string): string {
	return key === 'not a time' ? key : `${key.replace(' ', 'T')}Z`;
}

function localText(key: string, zone: string): string {
	if (key === 'not a time') {
		return '?';
	}
	// What `--list` prints (YYYY-MM-DD HH:MM in the process's zone), computed with ICU, not with the code under test.
	const parts = new Intl.DateTimeFormat('en-CA', {timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'})
		.formatToParts(new Date(`${key.replace(' ', 'T').slice(0, 23)}Z`));
	const part = (type: string) => parts.find(p => p.type === type)!.value;
	return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

const {database, file} = await migratedDatabase('times.db');

describe(`post times written by other programs (${testEngine})`, () => {
	const expected: Expected[] = [];
	const userIds = new Map<string, number>();
	const originalZone = process.env.TZ;

	before(async () => {
		const rows = foreignTimes();
		const users = authors.map(name => `INSERT INTO "user" (username, email) VALUES ('${name}', '${name}@example.com');`).join('\n');
		const posts = rows.map(([text], index) => `INSERT INTO post (body, "timestamp", user_id) VALUES ('row ${index}', ${text}, (SELECT id FROM "user" WHERE username = '${authors[index % 3]}'));`);
		// One transaction, as a program importing rows would write them.
		// psql reads offset-less text in its session's zone: this program writes UTC, as SQLAlchemy's naive times are.
		const zone = testEngine === 'postgres' ? "SET TIME ZONE 'UTC';\n" : '';
		await runForeignClient(file, `${zone}BEGIN;\n${users}\n${posts.join('\n')}\nCOMMIT;\n`);
		const ids = await runForeignClient(file, 'SELECT id, body FROM post ORDER BY id;');
		for (const line of ids.trim().split('\n')) {
			const [id, body] = line.split('|');
			const index = Number(body!.slice('row '.length));
			expected.push({id: Number(id), key: rows[index]![1], author: authors[index % 3]!});
		}
		for (const line of (await runForeignClient(file, 'SELECT id, username FROM "user";')).trim().split('\n')) {
			const [id, name] = line.split('|');
			userIds.set(name!, Number(id));
		}
		assert.equal(expected.length, rows.length);
	});

	after(() => {
		process.env.TZ = originalZone;
	});

	// SQLite only: PostgreSQL stores instants, not text.
	const onSqlite = testEngine === 'sqlite' ? it : () => undefined;
	onSqlite('SQLite keeps every foreign time in the one canonical text', async () => {
		const stored = await runForeignClient(file, 'SELECT id, "timestamp" FROM post ORDER BY id;');
		const byId = new Map(expected.map(row => [row.id, row.key]));
		for (const line of stored.trim().split('\n')) {
			const [id, text] = line.split('|');
			assert.equal(text, byId.get(Number(id)), `row ${id} as stored`);
		}
	});

	for (const zone of zones) {
		it(`TZ=${zone}: every sort, both ways, every row once and in order, at the same instant in every view`, async () => {
			process.env.TZ = zone;
			for (const sort of postSorts) {
				const order = expectedOrder(expected, sort).map(row => row.id);
				const {forward, backward} = await walk(database, sort);
				assert.deepEqual(forward.map(row => row.id), order, `forward, ${sort.field}${sort.reverse ? ' reversed' : ''}`);
				assert.deepEqual(backward.map(row => row.id), order, `back, ${sort.field}${sort.reverse ? ' reversed' : ''}`);
				// The position the status bar shows is counted on the same keys.
				for (const index of [0, 1, 149, 150, 151, 299, 300, forward.length - 1]) {
					assert.equal(await postsBefore(database, {sort, cursor: forward[index]!}), index, `position of row ${index}`);
				}
			}
			const keyOf = new Map(expected.map(row => [row.id, row.key]));
			const {forward: feed} = await walk(database, {field: 'timestamp', reverse: false});
			for (const row of feed) {
				const key = keyOf.get(row.id)!;
				assert.equal(row.timestamp.getTime(), Date.parse(`${isoOf(key).slice(0, 23)}Z`), `feed time of ${row.id}`);
			}
			// A profile (through the association), walked both ways; the models' reading (as in --shell) agrees.
			for (const author of authors) {
				const sort: PostSort = {field: 'timestamp', reverse: false};
				const mine = expectedOrder(expected.filter(row => row.author === author), sort).map(row => row.id);
				const {forward, backward} = await walk(database, sort, {userId: userIds.get(author)!});
				assert.deepEqual(forward.map(row => row.id), mine, `${author}'s profile`);
				assert.deepEqual(backward.map(row => row.id), mine, `${author}'s profile, back`);
				for (const row of forward) {
					assert.equal(row.timestamp.getTime(), feed.find(other => other.id === row.id)!.timestamp.getTime());
				}
			}
			const models = await Post.findAll({attributes: ['id', 'timestamp']});
			for (const post of models) {
				assert.equal(post.timestamp.getTime(), feed.find(row => row.id === post.id)!.timestamp.getTime(), `the model's time of ${post.id}`);
			}
			// Users by their latest post: cy wrote the last row of the formats, then ana, then bob.
			const latest = await userPage(database, {sort: {field: 'latest', reverse: false}, limit: 10});
			const newest = (name: string) => expectedOrder(expected.filter(row => row.author === name), {field: 'timestamp', reverse: false})[0]!;
			assert.deepEqual(latest.map(user => user.username), [...authors].sort((a, b) => (newest(a).key < newest(b).key ? 1 : -1)));
			for (const user of latest) {
				assert.equal(user.latestPostId, newest(user.username!).id);
			}
		});

		it(`TZ=${zone}: --list shows the same instants, as JSON with every stored digit and as local time`, async () => {
			const json = await runCli(['--list', 'posts', '--json', '--limit', '400', '-d', file], {env: {TZ: zone}});
			assert.equal(json.code, 0, json.stderr);
			const listed = JSON.parse(json.stdout) as Array<{id: number; timestamp: string}>;
			const order = expectedOrder(expected, {field: 'timestamp', reverse: false});
			assert.deepEqual(listed.map(row => row.id), order.map(row => row.id));
			assert.deepEqual(listed.map(row => row.timestamp), order.map(row => isoOf(row.key)));
			const table = await runCli(['--list', 'posts', '--limit', '400', '-d', file], {env: {TZ: zone}});
			assert.equal(table.code, 0, table.stderr);
			const lines = table.stdout.trim().split('\n').slice(1);
			assert.equal(lines.length, order.length);
			for (const [index, line] of lines.entries()) {
				assert.ok(line.includes(localText(order[index]!.key, zone)), `row ${order[index]!.id} in ${zone}: ${line}`);
			}
		});
	}
});
