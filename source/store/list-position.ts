import {BoundValues} from '../db/bound-values.js';
import type {Reader} from '../db/reader.js';
import {defaultPostSort} from './feed-pages.js';
import type {PostCursor, PostFilter, PostSort} from './feed-pages.js';
import {filterConditions, fromClause, joinCondition, keysetAfter, postOrder} from './post-order.js';
import {unnamedAuthorIds} from './unnamed-authors.js';
import {defaultUserSort, usersBeforeCursor} from './users-query.js';
import type {UserCursor, UserFilter, UserSort} from './users-query.js';

/*
 * Where a row sits in a sorted list, counted on the same keyset the pages use,
 * so the status bar can say "12 of 1,000" after the list reloads around a row
 * (a new post from another process, a post just written or deleted).
 */

export type PostPositionRequest = {readonly sort?: PostSort; readonly filter?: PostFilter; readonly cursor: PostCursor};

/** How many posts come before `cursor` in this sort and filter (its 0-based index when it is in the list). */
export async function postsBefore(database: Reader, request: PostPositionRequest): Promise<number> {
	const sort = request.sort ?? defaultPostSort;
	// The posts before the cursor are those after it when the list is read backwards: a few disjoint ranges (the
	// dated and undated posts, the cursor's author and those after), each counted along its index, then added up.
	const order = postOrder(sort, true);
	const unnamed = order.username ? await unnamedAuthorIds(database) : [];
	let total = 0;
	for (const {condition, byAuthor} of keysetAfter(database.dialect, order, request.cursor, unnamed)) {
		const values = new BoundValues();
		const conditions = [...joinCondition(byAuthor), ...filterConditions(values, database.dialect, request.filter), condition(values)];
		const [row] = await database.select<{count: number | string}>(`SELECT count(*) AS count ${fromClause(byAuthor)} WHERE ${conditions.join(' AND ')}`, {
			bind: values.values,
		});
		total += Number(row?.count ?? 0);
	}
	return total;
}

export type UserPositionRequest = {readonly sort?: UserSort; readonly filter?: UserFilter; readonly cursor: UserCursor};

/** How many users come before `cursor` in this sort and filter. */
export async function usersBefore(database: Reader, request: UserPositionRequest): Promise<number> {
	return usersBeforeCursor(database, request.sort ?? defaultUserSort, request.cursor, request.filter);
}
