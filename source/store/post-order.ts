import type {Reader} from '../db/reader.js';
import {timeKeyValue} from '../db/stored-time.js';
import type {PostCursor, PostFilter, PostSort} from './feed-pages.js';

/*
 * The one definition of how post lists are ordered and filtered, shared by
 * the page queries and the position counts. Keyset conditions use row values,
 * `(timestamp, id) < (?, ?)`, which SQLite and PostgreSQL turn into an index
 * range: a deep page costs what the first one does. Fragments name the post
 * "Post" and its author "author", as Sequelize's own queries do.
 */

export type Direction = 'ASC' | 'DESC';

export type PostOrder = {readonly username?: Direction; readonly time: Direction};

/** The order of the list as written, or read backwards from a cursor. */
export function postOrder(sort: PostSort, backwards: boolean): PostOrder {
	const flip = (direction: Direction): Direction => (backwards ? (direction === 'ASC' ? 'DESC' : 'ASC') : direction);
	const time = flip(sort.reverse ? 'ASC' : 'DESC');
	return sort.field === 'username' ? {username: flip(sort.reverse ? 'DESC' : 'ASC'), time} : {time};
}

/**
 * Rows strictly after `cursor` in time order, as a row-value comparison on
 * `table`'s (timestamp, id): one range of ix_post_timestamp_id. The cursor's time is the stored value exactly
 * (a Date, rounded to milliseconds, skipped rows that shared one with the cursor's).
 */
export function timeKeyset(database: Reader, direction: Direction, cursor: PostCursor, table = 'Post'): string {
	return `("${table}"."timestamp", "${table}"."id") ${direction === 'DESC' ? '<' : '>'} (${database.escape(timeKeyValue(database.dialect, cursor.timeKey))}, ${Number(cursor.id)})`;
}

/** Rows strictly after `cursor` when read in `order` (used by the position counts). */
export function keysetAfter(database: Reader, order: PostOrder, cursor: PostCursor): string {
	const time = timeKeyset(database, order.time, cursor);
	if (!order.username) {
		return time;
	}
	const nameComparison = order.username === 'ASC' ? '>' : '<';
	const name = database.escape(cursor.username);
	// The redundant first term lets the planner walk ix_user_username from the cursor instead of from the start.
	return `("author"."username" ${nameComparison}= ${name} AND ("author"."username" ${nameComparison} ${name} OR ${time}))`;
}

/** `LIKE` with an explicit escape character: SQLite has none by default. */
function bodyContains(database: Reader, text: string): string {
	const pattern = `%${text.replace(/[\\%_]/g, character => `\\${character}`)}%`;
	return `"Post"."body" LIKE ${database.escape(pattern)} ESCAPE '\\'`;
}

/** Conditions for a filter: text in the body, an author's name, a profile's user id. */
export function filterConditions(database: Reader, filter: PostFilter | undefined): string[] {
	const conditions: string[] = [];
	if (filter?.text) {
		conditions.push(bodyContains(database, filter.text));
	}
	if (filter?.author !== undefined) {
		conditions.push(`"author"."username" = ${database.escape(filter.author)}`);
	}
	if (filter?.userId !== undefined) {
		conditions.push(`"Post"."user_id" = ${Number(filter.userId)}`);
	}
	return conditions;
}

/**
 * The FROM clause of the position counts. Sorting by author, users come
 * first, so SQLite counts along ix_user_username and each author's posts.
 */
export function fromClause(order: PostOrder): string {
	return order.username
		? 'FROM "user" AS "author" CROSS JOIN post AS "Post"'
		: 'FROM post AS "Post" JOIN "user" AS "author" ON "author"."id" = "Post"."user_id"';
}

export function joinCondition(order: PostOrder): string[] {
	return order.username ? ['"Post"."user_id" = "author"."id"'] : [];
}
