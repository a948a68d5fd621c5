// Users' pages, positions and profiles, read through a Reader alone (no model, no Sequelize): `--list users` runs them too.
import {BoundValues} from '../db/bound-values.js';
import type {Reader} from '../db/reader.js';
import {parseStoredTime, timeKeyFrom, timeKeySql, timeKeyValue} from '../db/stored-time.js';
import type {TimeKey} from '../db/stored-time.js';
import {containsCondition} from './text-match.js';
import {unstorable, withoutNul} from './typed-text.js';

export type UserSortField = 'username' | 'latest';

/** username: A→Z (reverse Z→A). latest: most recent poster first, users without posts last (reverse: the mirror). */
export type UserSort = {readonly field: UserSortField; readonly reverse: boolean};

export const defaultUserSort: UserSort = {field: 'username', reverse: false};

/** NULL username or email: an adopted database's looser rows (views show placeholders, source/text/placeholders.ts). */
export type UserRow = {
	readonly id: number;
	readonly username: string | null;
	readonly email: string | null;
	readonly postCount: number;
	/** For display (Invalid Date when another program stored no time); undefined without a post that has a time. */
	readonly latestPost: Date | undefined;
	/** The latest post's stored time exactly, for cursors. */
	readonly latestPostKey: TimeKey | undefined;
	/** Breaks ties between users whose latest posts share a timestamp. */
	readonly latestPostId: number | undefined;
};

export type UserCursor = Pick<UserRow, 'id' | 'username' | 'latestPostKey' | 'latestPostId'>;

/** `/` in Users: text in the username or the email, case-insensitively (store/text-match.ts). */
export type UserFilter = {readonly text?: string};

export type UserPageRequest = {
	readonly sort?: UserSort;
	readonly filter?: UserFilter;
	readonly after?: UserCursor;
	readonly before?: UserCursor;
	readonly limit: number;
};

type RawUserRow = {
	id: number;
	username: string | null;
	email: string | null;
	post_count: number | string;
	latest: unknown;
	latest_id: number | string | null;
};

function toRow(raw: RawUserRow): UserRow {
	return {
		id: Number(raw.id),
		username: raw.username,
		email: raw.email,
		postCount: Number(raw.post_count),
		latestPost: raw.latest === null ? undefined : parseStoredTime(timeKeyFrom(raw.latest)),
		latestPostKey: raw.latest === null ? undefined : timeKeyFrom(raw.latest),
		latestPostId: raw.latest_id === null ? undefined : Number(raw.latest_id),
	};
}

const postCount = '(SELECT count(*) FROM post c WHERE c.user_id = u.id)';
/**
 * True when p is its author's newest post: one probe of ix_post_user_id_timestamp_id. A post with no time (an
 * adopted database's) is no one's latest: the "latest post" order is by time, and such a post has none.
 */
const isLatestOfAuthor =
	'p.timestamp IS NOT NULL AND NOT EXISTS (SELECT 1 FROM post n WHERE n.user_id = p.user_id AND (n.timestamp, n.id) > (p.timestamp, p.id))';
/** The user u has a post with a time: a poster in the "latest post" order. */
const hasDatedPost = 'EXISTS (SELECT 1 FROM post p WHERE p.user_id = u.id AND p.timestamp IS NOT NULL)';
const latestIdOf = '(SELECT l.id FROM post l WHERE l.user_id = u.id AND l.timestamp IS NOT NULL ORDER BY l.timestamp DESC, l.id DESC LIMIT 1)';

/** A poster's place in the "latest post" order, as SQL: their latest post's (timestamp, id). */
function latestKey(database: Reader, values: BoundValues, cursor: UserCursor): string {
	if (cursor.latestPostKey === undefined || cursor.latestPostId === undefined) {
		throw new Error(`user ${cursor.id} has no latest post to page from`);
	}
	return `(${values.add(timeKeyValue(database.dialect, cursor.latestPostKey))}, ${values.add(Number(cursor.latestPostId))})`;
}

/** The filter's condition on the user `u`, or none. */
function userMatches(database: Reader, values: BoundValues, filter: UserFilter | undefined): string[] {
	const text = withoutNul(filter?.text ?? '');
	return text === '' ? [] : [containsCondition(values, database.dialect, ['u.username', 'u.email'], text)];
}

function whereAll(conditions: readonly string[]): string {
	return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/** Joins each user `u` to their latest post `p` (one probe of ix_post_user_id_timestamp_id per user). */
const latestPostJoin = `JOIN post p ON p.id = ${latestIdOf}`;

async function select(database: Reader, sql: string, values: BoundValues): Promise<UserRow[]> {
	return (await database.select<RawUserRow>(sql, {bind: values.values})).map(toRow);
}

/**
 * A user with no name exists (an adopted database): one probe of ix_user_username. Without one, the nameless part of
 * a list is not read at all: PostgreSQL would sort even an empty range of NULL names by id.
 */
async function hasNamelessUser(database: Reader): Promise<boolean> {
	return (await database.select('SELECT id FROM "user" WHERE username IS NULL LIMIT 1')).length > 0;
}

const userColumns = (database: Reader) => `u.id, u.username, u.email, ${postCount} AS post_count,
			(SELECT ${timeKeySql(database.dialect, 'max(l.timestamp)')} FROM post l WHERE l.user_id = u.id) AS latest,
			${latestIdOf} AS latest_id`;

/**
 * Users by name, A→Z, then the users with no name (an adopted database's) by id; descending is the mirror. Each
 * part is one range of an index (ix_user_username, the primary key).
 */
async function byUsername(database: Reader, ascending: boolean, cursor: UserCursor | undefined, limit: number, filter?: UserFilter): Promise<UserRow[]> {
	const parts: Array<'named' | 'nameless'> = ascending ? ['named', 'nameless'] : ['nameless', 'named'];
	const rows: UserRow[] = [];
	const cursorPart = cursor === undefined ? undefined : cursor.username === null ? 'nameless' : 'named';
	for (const part of parts.slice(cursorPart ? parts.indexOf(cursorPart) : 0)) {
		if (rows.length >= limit) {
			break;
		}
		if (part === 'nameless' && !(await hasNamelessUser(database))) {
			continue;
		}
		const values = new BoundValues();
		const conditions = [...userMatches(database, values, filter), `u.username IS ${part === 'named' ? 'NOT ' : ''}NULL`];
		const column = part === 'named' ? 'u.username' : 'u.id';
		// Nameless users in ix_user_username's order ((NULL, id)), so SQLite reads that index rather than every user.
		const orderBy = part === 'named' ? column : `u.username ${ascending ? 'ASC' : 'DESC'}, u.id`;
		if (cursor && part === cursorPart) {
			conditions.push(`${column} ${ascending ? '>' : '<'} ${values.add(part === 'named' ? cursor.username : Number(cursor.id))}`);
		}
		rows.push(
			...(await select(
				database,
				`SELECT ${userColumns(database)} FROM "user" u ${whereAll(conditions)}
				ORDER BY ${orderBy} ${ascending ? 'ASC' : 'DESC'} LIMIT ${values.add(Number(limit - rows.length))}`,
				values,
			)),
		);
	}
	return rows;
}

/**
 * Users with posts, ordered by their newest post, found by walking the post
 * index: no sort of all users. As in the feed, the walk reads keys from a
 * second reference to post ("k") that only the covering ix_post_timestamp_id
 * yields in order (PostgreSQL would otherwise read the smaller
 * ix_post_timestamp and sort equal timestamps), then each row by primary key.
 */
async function posters(database: Reader, newestFirst: boolean, cursor: UserCursor | undefined, limit: number, filter?: UserFilter): Promise<UserRow[]> {
	const values = new BoundValues();
	if (userMatches(database, new BoundValues(), filter).length > 0) {
		return filteredPosters(database, newestFirst, cursor, limit, filter);
	}
	const keyset =
		cursor?.latestPostKey === undefined
			? ''
			: `AND (k.timestamp, k.id) ${newestFirst ? '<' : '>'} ${latestKey(database, values, cursor)}`;
	const direction = newestFirst ? 'DESC' : 'ASC';
	return select(
		database,
		`SELECT u.id, u.username, u.email, ${postCount} AS post_count, ${timeKeySql(database.dialect, 'p.timestamp')} AS latest, p.id AS latest_id
		FROM post k JOIN post p ON p.id = k.id JOIN "user" u ON u.id = p.user_id
		WHERE k.timestamp IS NOT NULL AND ${isLatestOfAuthor} ${keyset}
		ORDER BY k.timestamp ${direction}, k.id ${direction} LIMIT ${values.add(Number(limit))}`,
		values,
	);
}

/**
 * Posters among the users a filter matches: the matching users first (a scan of the users, not of a million posts,
 * which a rare match would walk to the end), each joined to their latest post, then sorted.
 */
async function filteredPosters(database: Reader, newestFirst: boolean, cursor: UserCursor | undefined, limit: number, filter?: UserFilter): Promise<UserRow[]> {
	const values = new BoundValues();
	const conditions = userMatches(database, values, filter);
	if (cursor?.latestPostKey !== undefined) {
		conditions.push(`(p.timestamp, p.id) ${newestFirst ? '<' : '>'} ${latestKey(database, values, cursor)}`);
	}
	const direction = newestFirst ? 'DESC' : 'ASC';
	return select(
		database,
		`SELECT u.id, u.username, u.email, ${postCount} AS post_count, ${timeKeySql(database.dialect, 'p.timestamp')} AS latest, p.id AS latest_id
		FROM "user" u ${latestPostJoin} ${whereAll(conditions)}
		ORDER BY p.timestamp ${direction}, p.id ${direction} LIMIT ${values.add(Number(limit))}`,
		values,
	);
}

/** Users without posts (or with none that has a time), by id. */
async function silent(database: Reader, ascending: boolean, afterId: number | undefined, limit: number, filter?: UserFilter): Promise<UserRow[]> {
	// Always a range on the primary key, from the cursor or from the end of the id space.
	const values = new BoundValues();
	// The end of the id space is a constant of this code, written as one: bound, PostgreSQL would take it for an integer.
	const from = afterId === undefined ? (ascending ? '0' : String(Number.MAX_SAFE_INTEGER)) : values.add(Number(afterId));
	return select(
		database,
		`SELECT u.id, u.username, u.email, ${postCount} AS post_count, NULL AS latest, NULL AS latest_id
		FROM "user" u WHERE ${[...userMatches(database, values, filter), `u.id ${ascending ? '>' : '<'} ${from}`].join(' AND ')} AND NOT ${hasDatedPost}
		ORDER BY u.id ${ascending ? 'ASC' : 'DESC'} LIMIT ${values.add(Number(limit))}`,
		values,
	);
}

/**
 * The "latest post" order read forwards (posters newest first, then silent
 * users by id) or backwards (its mirror), from a cursor or from the start.
 */
async function byLatest(database: Reader, forwards: boolean, cursor: UserCursor | undefined, limit: number, filter?: UserFilter): Promise<UserRow[]> {
	const cursorIsPoster = cursor !== undefined && cursor.latestPostKey !== undefined;
	const cursorIsSilent = cursor !== undefined && cursor.latestPostKey === undefined;
	const rows: UserRow[] = [];
	if (forwards) {
		if (!cursorIsSilent) {
			rows.push(...(await posters(database, true, cursor, limit, filter)));
		}
		if (rows.length < limit) {
			rows.push(...(await silent(database, true, cursorIsSilent ? cursor.id : undefined, limit - rows.length, filter)));
		}
	} else {
		if (!cursorIsPoster) {
			rows.push(...(await silent(database, false, cursorIsSilent ? cursor.id : undefined, limit, filter)));
		}
		if (rows.length < limit) {
			rows.push(...(await posters(database, false, cursorIsPoster ? cursor : undefined, limit - rows.length, filter)));
		}
	}
	return rows;
}

/**
 * One page of users by keyset pagination. Counts and latest times cost one
 * index probe per visible row, whatever the size of the tables.
 */
export async function userPage(database: Reader, request: UserPageRequest): Promise<UserRow[]> {
	const sort = request.sort ?? defaultUserSort;
	const backwards = request.before !== undefined;
	const cursor = request.before ?? request.after;
	// Reading the list in its own order is "forwards"; reversing the sort or paging backwards each flip it.
	const forwards = !sort.reverse !== backwards;
	const rows =
		sort.field === 'username'
			? await byUsername(database, forwards, cursor, request.limit, request.filter)
			: await byLatest(database, forwards, cursor, request.limit, request.filter);
	return backwards ? rows.reverse() : rows;
}

async function count(database: Reader, sql: string, values = new BoundValues()): Promise<number> {
	const [row] = await database.select<{count: number | string}>(sql, {bind: values.values});
	return Number(row?.count ?? 0);
}

/** How many users come before `cursor` in this sort (its 0-based index), among those `filter` matches. */
export async function usersBeforeCursor(database: Reader, sort: UserSort, cursor: UserCursor, filter?: UserFilter): Promise<number> {
	const counted = async (build: (values: BoundValues, matching: string[]) => string) => {
		const values = new BoundValues();
		return count(database, build(values, userMatches(database, values, filter)), values);
	};
	if (sort.field === 'username') {
		// Named users A→Z, then nameless ones by id (byUsername); reversed, the mirror.
		const named = async (condition: (values: BoundValues) => string) =>
			counted((values, matching) => `SELECT count(*) AS count FROM "user" u ${whereAll([...matching, 'u.username IS NOT NULL', condition(values)])}`);
		const nameless = async (condition: (values: BoundValues) => string) =>
			counted((values, matching) => `SELECT count(*) AS count FROM "user" u ${whereAll([...matching, 'u.username IS NULL', condition(values)])}`);
		const all = () => '1 = 1';
		if (cursor.username === null) {
			const beside = (values: BoundValues) => `u.id ${sort.reverse ? '>' : '<'} ${values.add(Number(cursor.id))}`;
			return sort.reverse ? nameless(beside) : (await named(all)) + (await nameless(beside));
		}
		const beside = (values: BoundValues) => `u.username ${sort.reverse ? '>' : '<'} ${values.add(cursor.username)}`;
		return sort.reverse ? (await nameless(all)) + (await named(beside)) : named(beside);
	}
	const filtered = userMatches(database, new BoundValues(), filter).length > 0;
	const isPoster = cursor.latestPostKey !== undefined;
	const newerPosters = async (newer: boolean) =>
		counted((values, matching) =>
			filtered
				? // As filteredPosters reads them: the matching users, each by their latest post.
					`SELECT count(*) AS count FROM "user" u ${latestPostJoin} ${whereAll([...matching, `(p.timestamp, p.id) ${newer ? '>' : '<'} ${latestKey(database, values, cursor)}`])}`
				: `SELECT count(*) AS count FROM post p JOIN "user" u ON u.id = p.user_id WHERE (p.timestamp, p.id) ${newer ? '>' : '<'} ${latestKey(database, values, cursor)} AND ${isLatestOfAuthor}`,
		);
	const allPosters = async () => counted((_values, matching) => `SELECT count(*) AS count FROM "user" u ${whereAll([...matching, hasDatedPost])}`);
	const silentBeside = async (lower: boolean) =>
		counted(
			(values, matching) =>
				`SELECT count(*) AS count FROM "user" u ${whereAll([...matching, `u.id ${lower ? '<' : '>'} ${values.add(Number(cursor.id))}`, `NOT ${hasDatedPost}`])}`,
		);
	const allSilent = async () =>
		counted((_values, matching) => `SELECT count(*) AS count FROM "user" u ${whereAll([...matching, `NOT ${hasDatedPost}`])}`);
	if (!sort.reverse) {
		return isPoster ? newerPosters(true) : (await allPosters()) + (await silentBeside(true));
	}
	return isPoster ? (await allSilent()) + (await newerPosters(false)) : silentBeside(false);
}

export async function countUsers(database: Reader, filter?: UserFilter): Promise<number> {
	const values = new BoundValues();
	return count(database, `SELECT count(*) AS count FROM "user" u ${whereAll(userMatches(database, values, filter))}`, values);
}

export type UserProfile = UserRow;

export async function findUser(database: Reader, id: number): Promise<UserProfile | undefined> {
	const values = new BoundValues();
	const [row] = await select(database, `SELECT ${userColumns(database)} FROM "user" u WHERE u.id = ${values.add(Number(id))}`, values);
	return row;
}

export async function findUserByName(database: Reader, username: string): Promise<UserProfile | undefined> {
	const [user] = unstorable(database.dialect, username) ? [] : await database.select<{id: number}>('SELECT id FROM "user" WHERE username = $1', {bind: [username]});
	return user ? findUser(database, Number(user.id)) : undefined;
}

/**
 * The user `@name` names, in any case: the exact name first (ix_user_username), else `lower("username") = lower($1)`,
 * written as the unique index on lower("username") is, so that index serves it once it exists (until then it scans
 * the usernames' index). Usernames are ASCII by our rules (SQLite's lower() folds ASCII only).
 */
export async function authorIdByName(database: Reader, name: string): Promise<number | undefined> {
	if (unstorable(database.dialect, name)) {
		return undefined;
	}
	for (const sql of ['SELECT id FROM "user" WHERE username = $1', 'SELECT id FROM "user" WHERE lower("username") = lower($1) LIMIT 1']) {
		const [found] = await database.select<{id: number}>(sql, {bind: [name]});
		if (found !== undefined) {
			return Number(found.id);
		}
	}
	return undefined;
}

/** Up to `limit` usernames starting with `prefix` in any case (ASCII, as usernames are), A→Z: `@` completion. */
export async function usernamesStartingWith(database: Reader, prefix: string, limit: number): Promise<string[]> {
	if (unstorable(database.dialect, prefix)) {
		return [];
	}
	const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, character => `\\${character}`)}%`;
	const rows = await database.select<{username: string}>(
		`SELECT username FROM "user" WHERE lower("username") LIKE $1 ESCAPE '\\' ORDER BY username LIMIT $2`,
		{bind: [pattern, limit]},
	);
	return rows.map(row => row.username);
}
