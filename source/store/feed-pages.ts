// The feed's pages and counts, read through a Reader alone (no model, no Sequelize): the TUI's lists and `--list posts`.
import {BoundValues} from '../db/bound-values.js';
import type {Reader} from '../db/reader.js';
import {parseStoredTime, timeKeyFrom, timeKeySql} from '../db/stored-time.js';
import type {TimeKey} from '../db/stored-time.js';
import {filterConditions, fromClause, postOrder, timeKeyset} from './post-order.js';
import type {Direction, PostOrder} from './post-order.js';

export type PostSortField = 'timestamp' | 'username';

/**
 * timestamp: newest first (reverse: oldest first).
 * username: authors A→Z, newest first within an author (reverse: the exact mirror).
 */
export type PostSort = {readonly field: PostSortField; readonly reverse: boolean};

export const defaultPostSort: PostSort = {field: 'timestamp', reverse: false};

export type PostFilter = {
	/** Text that must occur in the body (case-insensitive on SQLite's ASCII). */
	readonly text?: string;
	/** Exact author username. */
	readonly author?: string;
	/** Only this user's posts (a profile). */
	readonly userId?: number;
};

export type PostRow = {
	readonly id: number;
	readonly body: string;
	/** For display: the instant, to the millisecond (Invalid Date when another program stored no time). */
	readonly timestamp: Date;
	/** The stored time exactly, for cursors (source/db/stored-time.ts). */
	readonly timeKey: TimeKey;
	readonly userId: number;
	readonly username: string;
};

/** Where a page starts: the sort key of the row just outside it. */
export type PostCursor = Pick<PostRow, 'id' | 'timeKey' | 'username'>;

export type PostPageRequest = {
	readonly sort?: PostSort;
	readonly filter?: PostFilter;
	/** Rows strictly after this one in sort order. */
	readonly after?: PostCursor;
	/** Rows strictly before this one in sort order (returned in sort order). */
	readonly before?: PostCursor;
	readonly limit: number;
};

/** `/text` or `@name`, as typed in the filter box. */
export function parsePostFilter(input: string): PostFilter {
	const trimmed = input.trim();
	if (trimmed === '') {
		return {};
	}
	if (trimmed.startsWith('@') && trimmed.length > 1 && !/\s/.test(trimmed)) {
		return {author: trimmed.slice(1)};
	}
	return {text: trimmed};
}

type RawPostRow = {id: number; body: string; time_key: unknown; user_id: number; username: string};

function rawToRow(raw: RawPostRow): PostRow {
	return {
		id: Number(raw.id),
		body: raw.body,
		timestamp: parseStoredTime(timeKeyFrom(raw.time_key)),
		timeKey: timeKeyFrom(raw.time_key),
		userId: Number(raw.user_id),
		username: raw.username,
	};
}

function where(conditions: string[]): string {
	return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * Posts in time order, all or one author's. The keys come from a second
 * reference to post ("key") that needs nothing but user_id, timestamp and id,
 * so a covering index (ix_post_timestamp_id, or ix_post_user_id_timestamp_id
 * for one author) yields them in order without touching the table; each key
 * then finds its row by primary key. Reading "Post" itself, PostgreSQL may
 * prefer the smaller ix_post_timestamp and sort each run of equal
 * timestamps, or fetch an author's last few posts by bitmap and sort them.
 */
async function keyedPage(
	database: Reader,
	time: Direction,
	filter: FeedFilter | undefined,
	cursor: PostCursor | undefined,
	limit: number,
): Promise<PostRow[]> {
	const values = new BoundValues();
	const conditions = filterConditions(values, database.dialect, {text: filter?.text});
	if (filter?.userId !== undefined) {
		conditions.push(`"key"."user_id" = ${values.add(Number(filter.userId))}`);
	}
	if (cursor) {
		conditions.push(timeKeyset(values, database.dialect, time, cursor, 'key'));
	}
	const raw = await database.select<RawPostRow>(
		`SELECT "Post"."id", "Post"."body", ${timeKeySql(database.dialect, '"Post"."timestamp"')} AS time_key, "Post"."user_id", "author"."username"
		FROM post AS "key" JOIN post AS "Post" ON "Post"."id" = "key"."id" JOIN "user" AS "author" ON "author"."id" = "Post"."user_id"
		${where(conditions)}
		ORDER BY "key"."timestamp" ${time}, "key"."id" ${time} LIMIT ${values.add(Number(limit))}`,
		{bind: values.values},
	);
	return raw.map(rawToRow);
}

type Author = {id: number; username: string};

/** Up to `limit` authors from `name` on in `direction` (it included or not) who have a post matching the filter. */
async function authorsFrom(
	database: Reader,
	direction: Direction,
	filter: FeedFilter | undefined,
	from: {name: string; inclusive: boolean} | undefined,
	limit: number,
): Promise<Author[]> {
	const values = new BoundValues();
	const matching = ['"Post"."user_id" = "author"."id"', ...filterConditions(values, database.dialect, {text: filter?.text})];
	const conditions = [`EXISTS (SELECT 1 FROM post AS "Post" WHERE ${matching.join(' AND ')})`];
	if (from) {
		const comparison = `${direction === 'ASC' ? '>' : '<'}${from.inclusive ? '=' : ''}`;
		conditions.push(`"author"."username" ${comparison} ${values.add(from.name)}`);
	}
	const raw = await database.select<Author>(
		`SELECT "author"."id", "author"."username" FROM "user" AS "author" ${where(conditions)}
		ORDER BY "author"."username" ${direction} LIMIT ${values.add(Number(limit))}`,
		{bind: values.values},
	);
	return raw.map(author => ({id: Number(author.id), username: author.username}));
}

/**
 * Posts by author name, then time. No single query gives this order without
 * a sort on PostgreSQL (a join keeps only its outer order, the author's, and
 * sorts each author's posts), so the page is assembled from per-author reads
 * that each walk an index in order: the authors from the cursor's on by
 * ix_user_username, then each one's posts (the cursor's author's from the
 * cursor on). Every author fetched has a matching post, so a page costs one
 * query for the authors and one per author on it, however deep it is.
 */
async function authorWalk(database: Reader, order: PostOrder, filter: FeedFilter | undefined, cursor: PostCursor | undefined, limit: number): Promise<PostRow[]> {
	const direction = order.username ?? 'ASC';
	const rows: PostRow[] = [];
	let from = cursor ? {name: cursor.username, inclusive: true} : undefined;
	while (rows.length < limit) {
		const wanted = limit - rows.length;
		const authors = await authorsFrom(database, direction, filter, from, wanted);
		for (const author of authors) {
			if (rows.length >= limit) {
				break;
			}
			const after = cursor?.username === author.username ? cursor : undefined;
			rows.push(...(await keyedPage(database, order.time, {text: filter?.text, userId: author.id}, after, limit - rows.length)));
		}
		if (authors.length < wanted) {
			break;
		}
		from = {name: authors.at(-1)!.username, inclusive: false};
	}
	return rows;
}

/** The feed's filters: text in the body, one author's posts by id (an author's name is postPage's). */
export type FeedFilter = Omit<PostFilter, 'author'>;

/** A page of the feed: all posts, or one author's by id, optionally with text in the body. */
export type FeedPageRequest = Omit<PostPageRequest, 'filter'> & {readonly filter?: FeedFilter};

/**
 * One page of the feed by keyset pagination: never an OFFSET, never the whole table. Reads only
 * through a Reader, so a listing runs it without Sequelize; postPage adds the author filter and the
 * profile, which go through the models.
 */
export async function feedPage(database: Reader, request: FeedPageRequest): Promise<PostRow[]> {
	const sort = request.sort ?? defaultPostSort;
	const backwards = request.before !== undefined;
	const order = postOrder(sort, backwards);
	const cursor = request.before ?? request.after;
	const filter = request.filter;
	const rows =
		order.username && filter?.userId === undefined
			? await authorWalk(database, order, filter, cursor, request.limit)
			: await keyedPage(database, order.time, filter, cursor, request.limit);
	return backwards ? rows.reverse() : rows;
}

export async function countPosts(database: Reader, filter?: PostFilter): Promise<number> {
	const order = postOrder(defaultPostSort, false);
	const values = new BoundValues();
	const conditions = filterConditions(values, database.dialect, filter);
	// Without an author filter the join is not needed: count an index of post alone.
	const from = filter?.author === undefined ? 'FROM post AS "Post"' : fromClause(order);
	const [row] = await database.select<{count: number | string}>(
		`SELECT count(*) AS count ${from} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}`,
		{bind: values.values},
	);
	return Number(row?.count ?? 0);
}
