import {QueryTypes, Sequelize} from 'sequelize';
import type {Database} from '../db/connection.js';
import {Post, User} from '../db/models/index.js';
import {filterConditions, fromClause, joinCondition, keysetAfter, orderBy, postOrder} from './post-order.js';

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

export type PostRow = {
	readonly id: number;
	readonly body: string;
	readonly timestamp: Date;
	readonly userId: number;
	readonly username: string;
};

/** Where a page starts: the sort key of the row just outside it. */
export type PostCursor = Pick<PostRow, 'id' | 'timestamp' | 'username'>;

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

function toRow(post: Post): PostRow {
	return {
		id: post.id,
		body: post.body,
		timestamp: post.timestamp,
		userId: post.user_id,
		username: post.author?.username ?? '',
	};
}

type RawPostRow = {id: number; body: string; timestamp: string | Date; user_id: number; username: string};

function rawToRow(raw: RawPostRow): PostRow {
	return {
		id: Number(raw.id),
		body: raw.body,
		timestamp: new Date(raw.timestamp),
		userId: Number(raw.user_id),
		username: raw.username,
	};
}

/** One page of posts by keyset pagination: never an OFFSET, never the whole table. */
export async function postPage(database: Database, request: PostPageRequest): Promise<PostRow[]> {
	const sort = request.sort ?? defaultPostSort;
	const backwards = request.before !== undefined;
	const order = postOrder(sort, backwards);
	const cursor = request.before ?? request.after;
	const filter = request.filter;
	let rows: PostRow[];
	if (filter?.author !== undefined && filter.userId === undefined) {
		// Resolve the name first: with the author's id as a constant the planner knows how many posts they have
		// (PostgreSQL's statistics), and reads a prolific author's posts in index order instead of sorting them.
		const author = await User.findOne({where: {username: filter.author}, attributes: ['id']});
		if (!author) {
			return [];
		}
		return postPage(database, {...request, filter: {...filter, author: undefined, userId: author.id}});
	}
	if (filter?.userId === undefined) {
		const conditions = [...joinCondition(order), ...filterConditions(database, filter)];
		if (cursor) {
			conditions.push(keysetAfter(database, order, cursor));
		}
		const raw = await database.sequelize.query<RawPostRow>(
			`SELECT "Post"."id", "Post"."body", "Post"."timestamp", "Post"."user_id", "author"."username" ${fromClause(order)}
			${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
			ORDER BY ${orderBy(order)} LIMIT ${Number(request.limit)}`,
			{type: QueryTypes.SELECT},
		);
		rows = raw.map(rawToRow);
	} else {
		// A profile reads its posts through the association, as the models describe it.
		const owner = await User.findByPk(filter.userId, {attributes: ['id']});
		const conditions = filterConditions(database, {...filter, userId: undefined});
		if (cursor) {
			conditions.push(keysetAfter(database, {time: order.time}, cursor));
		}
		const posts = owner
			? await owner.getPosts({
					attributes: ['id', 'body', 'timestamp', 'user_id'],
					include: [{model: User, as: 'author', attributes: ['username'], required: true}],
					where: conditions.length > 0 ? Sequelize.literal(conditions.join(' AND ')) : {},
					order: [
						['timestamp', order.time],
						['id', order.time],
					],
					limit: request.limit,
				})
			: [];
		rows = posts.map(toRow);
	}
	return backwards ? rows.reverse() : rows;
}

export async function countPosts(database: Database, filter?: PostFilter): Promise<number> {
	const order = postOrder(defaultPostSort, false);
	const conditions = filterConditions(database, filter);
	// Without an author filter the join is not needed: count an index of post alone.
	const from = filter?.author === undefined ? 'FROM post AS "Post"' : fromClause(order);
	const [row] = await database.sequelize.query<{count: number | string}>(
		`SELECT count(*) AS count ${from} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}`,
		{type: QueryTypes.SELECT},
	);
	return Number(row?.count ?? 0);
}

/** The post in full, with its author (the Post view). */
export async function findPost(database: Database, id: number): Promise<PostRow | undefined> {
	const post = await Post.findByPk(id, {include: [{model: User, as: 'author', attributes: ['username']}]});
	return post ? toRow(post) : undefined;
}
