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

/**
 * Rows strictly after `cursor` in time order, as a row-value comparison on
 * `table`'s (timestamp, id): one range of ix_post_timestamp_id. The cursor's time is the stored value exactly
 * (a Date, rounded to milliseconds, skipped rows that shared one with the cursor's).
 */
export function timeKeyset(values: BoundValues, dialect: Dialect, direction: Direction, cursor: PostCursor, table = 'Post'): string {
	const time = values.add(timeKeyValue(dialect, cursor.timeKey));
	return `("${table}"."timestamp", "${table}"."id") ${direction === 'DESC' ? '<' : '>'} (${time}, ${values.add(Number(cursor.id))})`;
}

/** Rows strictly after `cursor` when read in `order` (used by the position counts). */
export function keysetAfter(values: BoundValues, dialect: Dialect, order: PostOrder, cursor: PostCursor): string {
	if (!order.username) {
		return timeKeyset(values, dialect, order.time, cursor);
	}
	const nameComparison = order.username === 'ASC' ? '>' : '<';
	// One value, named twice: `$n` is the same parameter wherever it appears, on both engines.
	const name = values.add(cursor.username);
	const time = timeKeyset(values, dialect, order.time, cursor);
	// The redundant first term lets the planner walk ix_user_username from the cursor instead of from the start.
	return `("author"."username" ${nameComparison}= ${name} AND ("author"."username" ${nameComparison} ${name} OR ${time}))`;
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
