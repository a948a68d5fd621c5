import {BoundValues} from '../db/bound-values.js';
import type {Database} from '../db/connection.js';
import {loaded} from '../db/deferred-database.js';
import type {User} from '../db/models/user.js';
import {parseStoredTime, timeKeyFrom, timeKeySql} from '../db/stored-time.js';
import {defaultPostSort, feedPage} from './feed-pages.js';
import type {PostCursor, PostPageRequest, PostRow} from './feed-pages.js';
import {postOrder, readBySegment, segmentCondition} from './post-order.js';
import {authorIdByName} from './users-query.js';
import type {Direction, TimeSegment} from './post-order.js';

/**
 * A profile (or `@name`) reads its posts through the `posts` association, as
 * the models describe it. The association query asks only for what
 * ix_post_user_id_timestamp_id covers (id, timestamp, user_id) and the
 * author, so it walks that index in order on either engine (asked for the
 * body too, PostgreSQL fetches an author's last few posts by bitmap and
 * sorts them); the bodies and the exact stored times (a model's timestamp is a
 * Date, rounded to milliseconds: not a cursor) then come by primary key.
 */
async function profilePage(database: Database, userId: number, time: Direction, cursor: PostCursor | undefined, limit: number): Promise<PostRow[]> {
	const [{User}] = await Promise.all([import('../db/models/index.js'), loaded(database)]);
	const owner = await User.findByPk(userId, {attributes: ['id']});
	if (!owner) {
		return [];
	}
	// Posts with no time (an adopted database's) are their own range, after (newest first) or before the dated.
	return readBySegment(time, cursor, limit, async (segment, after, room) => profileSegment(database, owner, time, segment, after, room));
}

async function profileSegment(
	database: Database,
	owner: User,
	time: Direction,
	segment: TimeSegment,
	cursor: PostCursor | undefined,
	limit: number,
): Promise<PostRow[]> {
	const [{User}, {Sequelize}] = await Promise.all([import('../db/models/index.js'), import('sequelize')]);
	const cursorValues = new BoundValues();
	const keys = await owner.getPosts({
		// Not the timestamp: the model's is a Date, and the exact stored time comes with the body below.
		attributes: ['id', 'user_id'],
		include: [{model: User, as: 'author', attributes: ['username'], required: true}],
		// A literal of placeholders only: the cursor's values are bound (Sequelize passes `bind` on to the query).
		where: Sequelize.literal(segmentCondition(cursorValues, database.dialect, time, segment, cursor)),
		bind: cursorValues.values,
		order: [
			['timestamp', time],
			['id', time],
		],
		limit,
	});
	if (keys.length === 0) {
		return [];
	}
	const ids = new BoundValues();
	const rows = await database.select<{id: number; body: string | null; time_key: unknown}>(
		`SELECT id, body, ${timeKeySql(database.dialect, '"timestamp"')} AS time_key FROM post WHERE id IN (${keys.map(key => ids.add(Number(key.id))).join(', ')})`,
		{bind: ids.values},
	);
	const stored = new Map(rows.map(row => [Number(row.id), row]));
	// A post deleted between the two reads is left out, as if the page had been read after it.
	return keys.flatMap(key => {
		const row = stored.get(key.id);
		if (row === undefined) {
			return [];
		}
		const timeKey = row.time_key === null ? null : timeKeyFrom(row.time_key);
		return [{id: key.id, body: row.body, timestamp: parseStoredTime(timeKey), timeKey, userId: key.user_id, username: key.author?.username ?? null}];
	});
}

/**
 * One page of posts by keyset pagination: the feed (feedPage), `@name` (the author found first), or
 * a profile without a text filter (through the `posts` association).
 */
export async function postPage(database: Database, request: PostPageRequest): Promise<PostRow[]> {
	const {author, ...filter} = request.filter ?? {};
	if (author !== undefined && filter.userId === undefined) {
		// Resolve the name first: with the author's id as a constant the planner knows how many posts they have
		// (PostgreSQL's statistics), and reads a prolific author's posts in index order instead of sorting them.
		// Bound, not through a model finder: Sequelize writes a finder's values into its SQL.
		const found = await authorIdByName(database, author);
		if (found === undefined) {
			return [];
		}
		return postPage(database, {...request, filter: {...filter, userId: found}});
	}
	if (filter.userId !== undefined && !filter.text) {
		// A profile is one author's posts in time order, whatever the sort field.
		const backwards = request.before !== undefined;
		const {time} = postOrder(request.sort ?? defaultPostSort, backwards);
		const rows = await profilePage(database, filter.userId, time, request.before ?? request.after, request.limit);
		return backwards ? rows.reverse() : rows;
	}
	return feedPage(database, {...request, filter});
}
