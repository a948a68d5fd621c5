import {QueryTypes} from 'sequelize';
import type {Database} from '../db/connection.js';
import {User} from '../db/models/index.js';

export type UserSortField = 'username' | 'latest';

/** username: A→Z (reverse Z→A). latest: most recent poster first, users without posts last (reverse: the mirror). */
export type UserSort = {readonly field: UserSortField; readonly reverse: boolean};

export const defaultUserSort: UserSort = {field: 'username', reverse: false};

export type UserRow = {
	readonly id: number;
	readonly username: string;
	readonly email: string;
	readonly postCount: number;
	readonly latestPost: Date | undefined;
};

export type UserCursor = Pick<UserRow, 'id' | 'username' | 'latestPost'>;

export type UserPageRequest = {
	readonly sort?: UserSort;
	readonly after?: UserCursor;
	readonly before?: UserCursor;
	readonly limit: number;
};

type RawUserRow = {id: number; username: string; email: string; post_count: number | string; latest: string | Date | null};

function toRow(raw: RawUserRow): UserRow {
	return {
		id: Number(raw.id),
		username: raw.username,
		email: raw.email,
		postCount: Number(raw.post_count),
		latestPost: raw.latest === null ? undefined : new Date(raw.latest),
	};
}

/**
 * One page of users by keyset pagination. Counts and latest times come from
 * correlated subqueries on ix_post_user_id_timestamp_id, so they cost one
 * index probe per visible row.
 */
export async function userPage(database: Database, request: UserPageRequest): Promise<UserRow[]> {
	const sort = request.sort ?? defaultUserSort;
	const backwards = request.before !== undefined;
	// Sorting forwards means ascending for username, descending for latest; reverse and paging backwards each flip it.
	const ascendingBase = sort.field === 'username';
	const ascending = ascendingBase !== sort.reverse !== backwards;
	const cursor = request.before ?? request.after;
	const latest = '(SELECT max(p.timestamp) FROM post p WHERE p.user_id = u.id)';
	// Users without posts sort after everyone in "latest" order: a constant older than any timestamp stands in.
	const sentinel = database.dialect === 'sqlite' ? "''" : "'-infinity'::timestamptz";
	const latestKey = `coalesce(${latest}, ${sentinel})`;
	const key = sort.field === 'username' ? 'u.username' : latestKey;
	const comparison = ascending ? '>' : '<';
	const direction = ascending ? 'ASC' : 'DESC';
	const replacements: Record<string, unknown> = {limit: request.limit};
	let where = '';
	if (cursor) {
		replacements.cursorId = cursor.id;
		if (sort.field === 'username') {
			replacements.cursorKey = cursor.username;
		} else {
			replacements.cursorKey = cursor.latestPost ?? (database.dialect === 'sqlite' ? '' : '-infinity');
		}
		where = `WHERE ${key} ${comparison} :cursorKey OR (${key} = :cursorKey AND u.id ${comparison} :cursorId)`;
	}
	const sql = `SELECT u.id, u.username, u.email,
		(SELECT count(*) FROM post p WHERE p.user_id = u.id) AS post_count,
		${latest} AS latest
		FROM "user" u ${where}
		ORDER BY ${key} ${direction}, u.id ${direction}
		LIMIT :limit`;
	const raw = await database.sequelize.query<RawUserRow>(sql, {type: QueryTypes.SELECT, replacements});
	const rows = raw.map(toRow);
	return backwards ? rows.reverse() : rows;
}

export async function countUsers(_database: Database): Promise<number> {
	return User.count();
}

export type UserProfile = UserRow;

export async function findUser(database: Database, id: number): Promise<UserProfile | undefined> {
	const [row] = await database.sequelize.query<RawUserRow>(
		`SELECT u.id, u.username, u.email,
		(SELECT count(*) FROM post p WHERE p.user_id = u.id) AS post_count,
		(SELECT max(p.timestamp) FROM post p WHERE p.user_id = u.id) AS latest
		FROM "user" u WHERE u.id = :id`,
		{type: QueryTypes.SELECT, replacements: {id}},
	);
	return row ? toRow(row) : undefined;
}

export async function findUserByName(database: Database, username: string): Promise<UserProfile | undefined> {
	const user = await User.findOne({where: {username}, attributes: ['id']});
	return user ? findUser(database, user.id) : undefined;
}
