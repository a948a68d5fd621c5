// The feed's pages and counts, read through a Reader alone (no model, no Sequelize): the TUI's lists and `--list posts`.
import {BoundValues} from '../db/bound-values.js';
import type {Reader} from '../db/reader.js';
import {parseStoredTime, timeKeyFrom, timeKeySql} from '../db/stored-time.js';
import type {TimeKey} from '../db/stored-time.js';
import {authorGroupOf, authorGroups, filterConditions, fromClause, postOrder, readBySegment, segmentCondition} from './post-order.js';
import {unnamedAuthorIds} from './unnamed-authors.js';
import type {Direction, PostOrder, TimeSegment} from './post-order.js';

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

/**
 * A post as the lists read it. An adopted database (the Flask tutorial's looser schema) may hold NULL in any column
 * but the id: those come as null, and views show placeholders (source/text/placeholders.ts).
 */
export type PostRow = {
	readonly id: number;
	readonly body: string | null;
	/** For display: the instant, to the millisecond (Invalid Date when another program stored no time, or NULL). */
	readonly timestamp: Date;
	/** The stored time exactly, for cursors (source/db/stored-time.ts); null for a NULL timestamp. */
	readonly timeKey: TimeKey | null;
	/** post.user_id as stored: NULL in an adopted database, or naming no user where foreign keys were off. */
	readonly userId: number | null;
	/** The author's name; null when the user has none, or there is no author (authorMissing). */
	readonly username: string | null;
	/** user_id is NULL or names no user. */
	readonly authorMissing?: boolean;
};

/** Where a page starts: the sort key of the row just outside it. */
export type PostCursor = Pick<PostRow, 'id' | 'timeKey' | 'username'> & Partial<Pick<PostRow, 'userId' | 'authorMissing'>>;

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

type RawPostRow = {id: number; body: string | null; time_key: unknown; user_id: number | string | null; author_id: number | string | null; username: string | null};

function rawToRow(raw: RawPostRow): PostRow {
	const timeKey = raw.time_key === null ? null : timeKeyFrom(raw.time_key);
	return {
		id: Number(raw.id),
		body: raw.body,
		timestamp: parseStoredTime(timeKey),
		timeKey,
		userId: raw.user_id === null ? null : Number(raw.user_id),
		username: raw.username,
		...(raw.author_id === null ? {authorMissing: true} : {}),
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
 * The author is left joined: a post whose user_id is NULL or names no user is
 * listed too. Posts with no time are read as their own range, after (newest
 * first) or before the dated ones, so each read stays one range of the index.
 */
async function keyedPage(
	database: Reader,
	time: Direction,
	filter: FeedFilter | undefined,
	cursor: PostCursor | undefined,
	limit: number,
): Promise<PostRow[]> {
	return readBySegment(time, cursor, limit, async (segment, after, room) => keyedSegment(database, time, segment, filter, after, room));
}

async function keyedSegment(
	database: Reader,
	time: Direction,
	segment: TimeSegment,
	filter: FeedFilter | undefined,
	cursor: PostCursor | undefined,
	limit: number,
): Promise<PostRow[]> {
	const values = new BoundValues();
	const conditions = filterConditions(values, database.dialect, {text: filter?.text});
	if (filter?.userId !== undefined) {
		conditions.push(`"key"."user_id" = ${values.add(Number(filter.userId))}`);
	}
	if (filter?.noAuthor) {
		conditions.push('"key"."user_id" IS NULL');
	}
	conditions.push(segmentCondition(values, database.dialect, time, segment, cursor, 'key'));
	// One user_id (or NULL): ordered as ix_post_user_id_timestamp_id is, so PostgreSQL reads it in order for IS NULL
	// too (it knows `= $1` makes the column constant, not `IS NULL`).
	const oneAuthor = filter?.userId !== undefined || filter?.noAuthor === true;
	const raw = await database.select<RawPostRow>(
		`SELECT "Post"."id", "Post"."body", ${timeKeySql(database.dialect, '"Post"."timestamp"')} AS time_key, "Post"."user_id", "author"."id" AS author_id, "author"."username"
		FROM post AS "key" JOIN post AS "Post" ON "Post"."id" = "key"."id" LEFT JOIN "user" AS "author" ON "author"."id" = "Post"."user_id"
		${where(conditions)}
		ORDER BY ${oneAuthor ? `"key"."user_id" ${time}, ` : ''}"key"."timestamp" ${time}, "key"."id" ${time} LIMIT ${values.add(Number(limit))}`,
		{bind: values.values},
	);
	return raw.map(rawToRow);
}

type Author = {id: number; username: string};

/** Up to `limit` named authors from `name` on in `direction` (it included or not) who have a post matching the filter. */
async function authorsFrom(
	database: Reader,
	direction: Direction,
	filter: FeedFilter | undefined,
	from: {name: string; inclusive: boolean} | undefined,
	limit: number,
): Promise<Author[]> {
	const values = new BoundValues();
	const matching = ['"Post"."user_id" = "author"."id"', ...filterConditions(values, database.dialect, {text: filter?.text})];
	const conditions = [`EXISTS (SELECT 1 FROM post AS "Post" WHERE ${matching.join(' AND ')})`, '"author"."username" IS NOT NULL'];
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

/** The named authors' posts from the cursor on (namedWalk's part of authorWalk). */
async function namedWalk(database: Reader, order: PostOrder, filter: FeedFilter | undefined, cursor: PostCursor | undefined, limit: number): Promise<PostRow[]> {
	const direction = order.username ?? 'ASC';
	const rows: PostRow[] = [];
	let from = cursor ? {name: cursor.username!, inclusive: true} : undefined;
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

/**
 * Posts by author name, then time. No single query gives this order without
 * a sort on PostgreSQL (a join keeps only its outer order, the author's, and
 * sorts each author's posts), so the page is assembled from per-author reads
 * that each walk an index in order: the authors from the cursor's on by
 * ix_user_username, then each one's posts (the cursor's author's from the
 * cursor on). Every author fetched has a matching post, so a page costs one
 * query for the authors and one per author on it, however deep it is. After
 * the named authors come the unnamed (a user with no name, or a user_id that
 * names no user) by user id, then the posts with no user_id (authorGroups):
 * rows only an adopted database holds, found by index too.
 */
async function authorWalk(database: Reader, order: PostOrder, filter: FeedFilter | undefined, cursor: PostCursor | undefined, limit: number): Promise<PostRow[]> {
	const direction = order.username ?? 'ASC';
	const groups = authorGroups(direction);
	const rows: PostRow[] = [];
	for (const group of groups.slice(cursor ? groups.indexOf(authorGroupOf(cursor)) : 0)) {
		if (rows.length >= limit) {
			break;
		}
		const inGroup = cursor !== undefined && authorGroupOf(cursor) === group ? cursor : undefined;
		if (group === 'named') {
			rows.push(...(await namedWalk(database, order, filter, inGroup, limit - rows.length)));
		} else if (group === 'none') {
			rows.push(...(await keyedPage(database, order.time, {text: filter?.text, noAuthor: true}, inGroup, limit - rows.length)));
		} else {
			const ids = await unnamedAuthorIds(database);
			const ordered = direction === 'ASC' ? ids : ids.reverse();
			const start = inGroup ? ordered.indexOf(Number(inGroup.userId)) : 0;
			for (const id of ordered.slice(Math.max(0, start))) {
				if (rows.length >= limit) {
					break;
				}
				const after = inGroup?.userId === id ? inGroup : undefined;
				rows.push(...(await keyedPage(database, order.time, {text: filter?.text, userId: id}, after, limit - rows.length)));
			}
		}
	}
	return rows;
}

/** The feed's filters: text in the body, one author's posts by id (an author's name is postPage's). */
export type FeedFilter = Omit<PostFilter, 'author'> & {
	/** Only posts whose user_id is NULL (the author order's last group). */
	readonly noAuthor?: boolean;
};

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
	const values = new BoundValues();
	const conditions = filterConditions(values, database.dialect, filter);
	// Without an author filter the join is not needed: count an index of post alone.
	const from = filter?.author === undefined ? 'FROM post AS "Post"' : fromClause(false);
	const [row] = await database.select<{count: number | string}>(
		`SELECT count(*) AS count ${from} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}`,
		{bind: values.values},
	);
	return Number(row?.count ?? 0);
}
