import type {BoundValues} from '../db/bound-values.js';
import type {Dialect} from '../db/reader.js';
import {timeKeyValue} from '../db/stored-time.js';
import type {PostCursor, PostFilter, PostSort} from './feed-pages.js';
import {containsCondition} from './text-match.js';
import {unstorable, withoutNul} from './typed-text.js';

/*
 * The one definition of how post lists are ordered and filtered, shared by
 * the page queries and the position counts. Keyset conditions use row values,
 * `(timestamp, id) < (?, ?)`, which SQLite and PostgreSQL turn into an index
 * range: a deep page costs what the first one does. Fragments name the post
 * "Post" and its author "author", as Sequelize's own queries do, and add
 * their values to the statement's BoundValues: no value is written into SQL.
 */

export type Direction = 'ASC' | 'DESC';

export type PostOrder = {readonly username?: Direction; readonly time: Direction};

/** The order of the list as written, or read backwards from a cursor. */
export function postOrder(sort: PostSort, backwards: boolean): PostOrder {
	const flip = (direction: Direction): Direction => (backwards ? (direction === 'ASC' ? 'DESC' : 'ASC') : direction);
	const time = flip(sort.reverse ? 'ASC' : 'DESC');
	return sort.field === 'username' ? {username: flip(sort.reverse ? 'DESC' : 'ASC'), time} : {time};
}

/** A time key's segment: posts with a stored time, or (another program's rows) with none. */
export type TimeSegment = 'dated' | 'undated';

/**
 * The segments of the time order read in `direction`: a post with no time sorts as older than every dated one (by
 * id among themselves), so newest first reads the dated posts, then the undated; oldest first the other way round.
 */
export function timeSegments(direction: Direction): readonly TimeSegment[] {
	return direction === 'DESC' ? ['dated', 'undated'] : ['undated', 'dated'];
}

export function segmentOf(cursor: Pick<PostCursor, 'timeKey'>): TimeSegment {
	return cursor.timeKey === null ? 'undated' : 'dated';
}

/**
 * Up to `limit` rows after `cursor` in the time order, read segment by segment (`read` gets the cursor only in the
 * segment it lies in), so that each read stays one range of the index.
 */
export async function readBySegment<Row>(
	direction: Direction,
	cursor: PostCursor | undefined,
	limit: number,
	read: (segment: TimeSegment, cursor: PostCursor | undefined, limit: number) => Promise<Row[]>,
): Promise<Row[]> {
	const segments = timeSegments(direction);
	const rows: Row[] = [];
	for (const [index, segment] of segments.slice(cursor ? segments.indexOf(segmentOf(cursor)) : 0).entries()) {
		if (rows.length >= limit) {
			break;
		}
		rows.push(...(await read(segment, index === 0 ? cursor : undefined, limit - rows.length)));
	}
	return rows;
}

/**
 * Rows of one time segment, strictly after `cursor` (when it is in that segment) in `direction`. Dated rows compare
 * as a row value on `table`'s (timestamp, id): one range of ix_post_timestamp_id. The cursor's time is the stored
 * value exactly (a Date, rounded to milliseconds, skipped rows that shared one with the cursor's). Undated rows are
 * one range of the same index (timestamp IS NULL), by id.
 */
export function segmentCondition(
	values: BoundValues,
	dialect: Dialect,
	direction: Direction,
	segment: TimeSegment,
	cursor: Pick<PostCursor, 'id' | 'timeKey'> | undefined,
	table = 'Post',
): string {
	const comparison = direction === 'DESC' ? '<' : '>';
	if (segment === 'undated') {
		const after = cursor?.timeKey === null ? ` AND "${table}"."id" ${comparison} ${values.add(Number(cursor.id))}` : '';
		return `"${table}"."timestamp" IS NULL${after}`;
	}
	if (cursor === undefined || cursor.timeKey === null) {
		return `"${table}"."timestamp" IS NOT NULL`;
	}
	const time = values.add(timeKeyValue(dialect, cursor.timeKey));
	return `("${table}"."timestamp", "${table}"."id") ${comparison} (${time}, ${values.add(Number(cursor.id))})`;
}

/**
 * A post's author group in the author order: a user with a name; a user_id whose user has no name or no row at all
 * ("unnamed": an adopted database's rows, or a user deleted by a program that left foreign keys off); no user_id.
 */
export type AuthorGroup = 'named' | 'unnamed' | 'none';

export function authorGroupOf(post: Pick<PostCursor, 'username' | 'userId'>): AuthorGroup {
	if (post.userId === null) {
		return 'none';
	}
	return post.username === null ? 'unnamed' : 'named';
}

/** Named authors A→Z, then unnamed ones by user id, then posts with no user_id; descending is the mirror. */
export function authorGroups(direction: Direction): readonly AuthorGroup[] {
	return direction === 'ASC' ? ['named', 'unnamed', 'none'] : ['none', 'unnamed', 'named'];
}

/** One part of a position count: its condition, written into the statement's own values, and how it is joined. */
export type CountPart = {readonly condition: (values: BoundValues) => string; readonly byAuthor: boolean};

/**
 * Rows strictly after `cursor` when read in `order` (used by the position counts), as disjoint parts whose counts
 * add up, each counted along an index by itself (see fromClause). `unnamedIds`: unnamed-authors.ts's answer, for
 * the author order.
 */
export function keysetAfter(dialect: Dialect, order: PostOrder, cursor: PostCursor, unnamedIds: readonly number[] = []): CountPart[] {
	const timeParts = (prefix: (values: BoundValues) => string, byAuthor: boolean): CountPart[] =>
		timeSegments(order.time)
			.slice(timeSegments(order.time).indexOf(segmentOf(cursor)))
			.map((segment, index) => ({
				byAuthor,
				condition: values => `${prefix(values)}${segmentCondition(values, dialect, order.time, segment, index === 0 ? cursor : undefined)}`,
			}));
	if (!order.username) {
		return timeParts(() => '', false);
	}
	const ascending = order.username === 'ASC';
	const inIds = (ids: readonly number[]): CountPart[] =>
		ids.length === 0 ? [] : [{byAuthor: false, condition: values => `"Post"."user_id" IN (${ids.map(id => values.add(id)).join(', ')})`}];
	const groups = authorGroups(order.username);
	const group = authorGroupOf(cursor);
	const parts: CountPart[] = [];
	if (group === 'none') {
		parts.push(...timeParts(() => '"Post"."user_id" IS NULL AND ', false));
	} else if (group === 'unnamed') {
		const id = Number(cursor.userId);
		parts.push(...timeParts(values => `"Post"."user_id" = ${values.add(id)} AND `, false));
		parts.push(...inIds(unnamedIds.filter(other => (ascending ? other > id : other < id))));
	} else {
		// One value, named twice: `$n` is the same parameter wherever it appears, on both engines.
		const name = (values: BoundValues) => values.add(cursor.username);
		parts.push(...timeParts(values => `"author"."username" = ${name(values)} AND `, true), {
			byAuthor: true,
			condition: values => `"author"."username" ${ascending ? '>' : '<'} ${name(values)}`,
		});
	}
	for (const later of groups.slice(groups.indexOf(group) + 1)) {
		if (later === 'named') {
			parts.push({byAuthor: true, condition: () => '"author"."username" IS NOT NULL'});
		} else if (later === 'unnamed') {
			parts.push(...inIds(unnamedIds));
		} else {
			parts.push({byAuthor: false, condition: () => '"Post"."user_id" IS NULL'});
		}
	}
	return parts;
}

/** Conditions for a filter: text in the body, an author's name, a profile's user id. */
export function filterConditions(values: BoundValues, dialect: Dialect, filter: PostFilter | undefined): string[] {
	const conditions: string[] = [];
	const text = filter?.text === undefined ? '' : withoutNul(filter.text);
	if (text) {
		conditions.push(containsCondition(values, dialect, '"Post"."body"', text));
	}
	if (filter?.author !== undefined) {
		// Any case of the name (usernames are unique regardless of case); lower() as the index on lower("username") is written.
		conditions.push(unstorable(dialect, filter.author) ? '1 = 0' : `lower("author"."username") = lower(${values.add(filter.author)})`);
	}
	if (filter?.userId !== undefined) {
		conditions.push(`"Post"."user_id" = ${values.add(Number(filter.userId))}`);
	}
	return conditions;
}

/**
 * The FROM clause of the position counts. Sorting by author, users come first, so SQLite counts along
 * ix_user_username and each author's posts; otherwise (and for posts with no author) every post, its author left
 * joined: a post whose user_id is NULL or names no user is counted too.
 */
export function fromClause(byAuthor: boolean): string {
	return byAuthor
		? 'FROM "user" AS "author" CROSS JOIN post AS "Post"'
		: 'FROM post AS "Post" LEFT JOIN "user" AS "author" ON "author"."id" = "Post"."user_id"';
}

export function joinCondition(byAuthor: boolean): string[] {
	return byAuthor ? ['"Post"."user_id" = "author"."id"'] : [];
}
