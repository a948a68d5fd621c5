import {Op, QueryTypes} from 'sequelize';
import type {WhereOptions} from 'sequelize';
import type {Database} from '../db/connection.js';
import {Post, User} from '../db/models/index.js';
import {defaultPostSort} from './feed-query.js';
import type {PostCursor, PostFilter, PostSort} from './feed-query.js';
import {defaultUserSort} from './users-query.js';
import type {UserCursor, UserSort} from './users-query.js';

/*
 * Where a row sits in a sorted list, counted on the same keyset the pages use,
 * so the status bar can say "12 of 1,000" after the list reloads around a row
 * (a new post from another process, a post just written or deleted).
 */

type Key = 'username' | 'timestamp' | 'id';

const columnOf = {username: '$author.username$', timestamp: 'timestamp', id: 'id'} as const;

/** The same order as feed-query's postPage, read backwards: rows before the cursor come "after" it here. */
function reversedPostKeys(sort: PostSort): Array<{key: Key; greater: boolean}> {
	// Forward order: username ASC (reverse DESC), then timestamp and id DESC (reverse ASC).
	const keys: Array<{key: Key; greater: boolean}> = [];
	if (sort.field === 'username') {
		keys.push({key: 'username', greater: sort.reverse});
	}
	keys.push({key: 'timestamp', greater: !sort.reverse}, {key: 'id', greater: !sort.reverse});
	return keys;
}

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, character => `\\${character}`);
}

export type PostPositionRequest = {readonly sort?: PostSort; readonly filter?: PostFilter; readonly cursor: PostCursor};

/** How many posts come before `cursor` in this sort and filter (its 0-based index when it is in the list). */
export async function postsBefore(database: Database, request: PostPositionRequest): Promise<number> {
	const sort = request.sort ?? defaultPostSort;
	const {filter, cursor} = request;
	const where: WhereOptions[] = [];
	if (filter?.text) {
		where.push({body: {[Op.like]: `%${escapeLike(filter.text)}%`}});
	}
	if (filter?.author !== undefined) {
		where.push({'$author.username$': filter.author});
	}
	if (filter?.userId !== undefined) {
		where.push({user_id: filter.userId});
	}
	const keys = reversedPostKeys(sort);
	const alternatives: WhereOptions[] = keys.map(({key, greater}, index) => {
		const condition: Record<string, unknown> = {};
		for (const equal of keys.slice(0, index)) {
			condition[columnOf[equal.key]] = cursor[equal.key];
		}
		condition[columnOf[key]] = {[greater ? Op.gt : Op.lt]: cursor[key]};
		return condition;
	});
	where.push({[Op.or]: alternatives});
	return Post.count({
		where: {[Op.and]: where},
		include: [{model: User, as: 'author', attributes: [], required: true}],
	});
}

export type UserPositionRequest = {readonly sort?: UserSort; readonly cursor: UserCursor};

/** How many users come before `cursor` in this sort (mirrors users-query's userPage). */
export async function usersBefore(database: Database, request: UserPositionRequest): Promise<number> {
	const sort = request.sort ?? defaultUserSort;
	const {cursor} = request;
	const ascending = (sort.field === 'username') !== sort.reverse;
	// Rows before the cursor compare the other way round.
	const comparison = ascending ? '<' : '>';
	const latest = '(SELECT max(p.timestamp) FROM post p WHERE p.user_id = u.id)';
	const sentinel = database.dialect === 'sqlite' ? "''" : "'-infinity'::timestamptz";
	const key = sort.field === 'username' ? 'u.username' : `coalesce(${latest}, ${sentinel})`;
	const cursorKey =
		sort.field === 'username' ? cursor.username : (cursor.latestPost ?? (database.dialect === 'sqlite' ? '' : '-infinity'));
	const [row] = await database.sequelize.query<{count: number | string}>(
		`SELECT count(*) AS count FROM "user" u
		WHERE ${key} ${comparison} :cursorKey OR (${key} = :cursorKey AND u.id ${comparison} :cursorId)`,
		{type: QueryTypes.SELECT, replacements: {cursorKey, cursorId: cursor.id}},
	);
	return Number(row?.count ?? 0);
}
