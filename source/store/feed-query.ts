import type {Database} from '../db/connection.js';
import {loaded} from '../db/deferred-database.js';
import type {Post} from '../db/models/index.js';
import {defaultPostSort, feedPage} from './feed-pages.js';
import type {PostCursor, PostPageRequest, PostRow} from './feed-pages.js';
import {postOrder, timeKeyset} from './post-order.js';
import type {Direction} from './post-order.js';

function toRow(post: Post): PostRow {
	return {
		id: post.id,
		body: post.body,
		timestamp: post.timestamp,
		userId: post.user_id,
		username: post.author?.username ?? '',
	};
}

/**
 * A profile (or `@name`) reads its posts through the `posts` association, as
 * the models describe it. The association query asks only for what
 * ix_post_user_id_timestamp_id covers (id, timestamp, user_id) and the
 * author, so it walks that index in order on either engine (asked for the
 * body too, PostgreSQL fetches an author's last few posts by bitmap and
 * sorts them); the bodies then come by primary key.
 */
async function profilePage(database: Database, userId: number, time: Direction, cursor: PostCursor | undefined, limit: number): Promise<PostRow[]> {
	const [{Post, User}, {Sequelize}] = await Promise.all([import('../db/models/index.js'), import('sequelize'), loaded(database)]);
	const owner = await User.findByPk(userId, {attributes: ['id']});
	if (!owner) {
		return [];
	}
	const keys = await owner.getPosts({
		attributes: ['id', 'timestamp', 'user_id'],
		include: [{model: User, as: 'author', attributes: ['username'], required: true}],
		where: cursor ? Sequelize.literal(timeKeyset(database, time, cursor)) : {},
		order: [
			['timestamp', time],
			['id', time],
		],
		limit,
	});
	if (keys.length === 0) {
		return [];
	}
	const posts = await Post.findAll({attributes: ['id', 'body'], where: {id: keys.map(key => key.id)}});
	const bodies = new Map(posts.map(post => [post.id, post.body]));
	// A post deleted between the two reads is left out, as if the page had been read after it.
	return keys.flatMap(key => {
		const body = bodies.get(key.id);
		return body === undefined ? [] : [{...toRow(key), body}];
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
		const [{User}] = await Promise.all([import('../db/models/index.js'), loaded(database)]);
		const found = await User.findOne({where: {username: author}, attributes: ['id']});
		if (!found) {
			return [];
		}
		return postPage(database, {...request, filter: {...filter, userId: found.id}});
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
