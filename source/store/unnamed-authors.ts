// The user ids of the author order's "unnamed" group (post-order.ts): users with no name, and user_ids that name no
// user. Only an adopted database (the Flask tutorial's nullable columns), or a SQLite one written with foreign keys
// off, holds them; on a database of our own this costs a few index seeks.
import type {BindValue, Reader} from '../db/reader.js';

async function ids(database: Reader, sql: string, bind: BindValue[] = []): Promise<number[]> {
	const rows = await database.select<{id: number | string | null}>(sql, {bind});
	return rows.flatMap(row => (row.id === null ? [] : [Number(row.id)]));
}

/** Users with no name who have posts, by id. A probe first: where there is none, nothing is sorted. */
async function namelessAuthors(database: Reader): Promise<number[]> {
	if ((await ids(database, 'SELECT id FROM "user" WHERE username IS NULL LIMIT 1')).length === 0) {
		return [];
	}
	// ix_user_username's order within the NULL names: by id (SQLite's rowid; PostgreSQL sorts these few rows).
	return ids(database, 'SELECT u.id FROM "user" u WHERE u.username IS NULL AND EXISTS (SELECT 1 FROM post p WHERE p.user_id = u.id) ORDER BY u.username, u.id');
}

/** Distinct post.user_ids beyond `bound` (above or below), one seek of ix_post_user_id_timestamp_id each. */
async function userIdsBeyond(database: Reader, bound: number, above: boolean): Promise<number[]> {
	const found: number[] = [];
	for (let from = bound; ; ) {
		const [next] = await ids(database, `SELECT ${above ? 'min' : 'max'}(user_id) AS id FROM post WHERE user_id ${above ? '>' : '<'} $1`, [from]);
		if (next === undefined) {
			return found;
		}
		found.push(next);
		from = next;
	}
}

/**
 * post.user_ids that name no user. PostgreSQL's foreign key (ours, and the tutorial's db.ForeignKey) forbids them.
 * On SQLite they lie below the lowest user id, above the highest, or in a gap between ids (a user deleted with
 * foreign keys off): the ends are a seek each; only where ids have gaps are the users' ids read in one pass.
 */
async function missingAuthors(database: Reader): Promise<number[]> {
	if (database.dialect === 'postgres') {
		return [];
	}
	const [count] = await ids(database, 'SELECT count(*) AS id FROM "user"');
	const [lowest] = await ids(database, 'SELECT min(id) AS id FROM "user"');
	const [highest] = await ids(database, 'SELECT max(id) AS id FROM "user"');
	if (count === undefined || lowest === undefined || highest === undefined || count === 0) {
		return ids(database, 'SELECT DISTINCT user_id AS id FROM post WHERE user_id IS NOT NULL ORDER BY user_id');
	}
	const ends = [...(await userIdsBeyond(database, lowest, false)).reverse(), ...(await userIdsBeyond(database, highest, true))];
	if (count === highest - lowest + 1) {
		return ends;
	}
	const inGaps = await ids(
		database,
		`SELECT DISTINCT p.user_id AS id
		FROM (SELECT id AS lo, LEAD(id) OVER (ORDER BY id) AS hi FROM "user") g
		JOIN post p ON p.user_id > g.lo AND p.user_id < g.hi
		WHERE g.hi > g.lo + 1`,
	);
	return [...ends, ...inGaps];
}

/** The unnamed group's user ids that have posts, ascending. */
export async function unnamedAuthorIds(database: Reader): Promise<number[]> {
	const all = [...(await namelessAuthors(database)), ...(await missingAuthors(database))];
	return [...new Set(all)].sort((a, b) => a - b);
}
