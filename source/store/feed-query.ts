import {Op} from 'sequelize';
import type {Order, WhereOptions} from 'sequelize';
import type {Database} from '../db/connection.js';
import {Post, User} from '../db/models/index.js';

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

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, character => `\\${character}`);
}

type Direction = 'ASC' | 'DESC';

function flip(direction: Direction): Direction {
	return direction === 'ASC' ? 'DESC' : 'ASC';
}

/** The sort as (column, direction) pairs, most significant first; `id` always last so the order is total. */
function sortKeys(sort: PostSort): Array<{key: 'username' | 'timestamp' | 'id'; direction: Direction}> {
	const newestFirst: Direction = sort.reverse ? 'ASC' : 'DESC';
	const keys: Array<{key: 'username' | 'timestamp' | 'id'; direction: Direction}> = [];
	if (sort.field === 'username') {
		keys.push({key: 'username', direction: sort.reverse ? 'DESC' : 'ASC'});
	}
	keys.push({key: 'timestamp', direction: newestFirst}, {key: 'id', direction: newestFirst});
	return keys;
}

const columnOf = {username: '$author.username$', timestamp: 'timestamp', id: 'id'} as const;

/** Keyset condition: rows that come after `cursor` when read in `keys` order. */
function keysetWhere(keys: ReturnType<typeof sortKeys>, cursor: PostCursor): WhereOptions {
	const alternatives: WhereOptions[] = [];
	for (let index = 0; index < keys.length; index++) {
		const condition: Record<string, unknown> = {};
		for (const equal of keys.slice(0, index)) {
			condition[columnOf[equal.key]] = cursor[equal.key];
		}
		const {key, direction} = keys[index]!;
		condition[columnOf[key]] = {[direction === 'ASC' ? Op.gt : Op.lt]: cursor[key]};
		alternatives.push(condition);
	}
	return {[Op.or]: alternatives};
}

function filterWhere(filter: PostFilter | undefined): WhereOptions[] {
	const where: WhereOptions[] = [];
	if (filter?.text) {
		where.push({body: {[Op.like]: `%${escapeLike(filter.text)}%`}});
	}
	if (filter?.author !== undefined) {
		where.push({'$author.username$': filter.author});
	}
	return where;
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

/** One page of posts by keyset pagination: never an OFFSET, never the whole table. */
export async function postPage(database: Database, request: PostPageRequest): Promise<PostRow[]> {
	const sort = request.sort ?? defaultPostSort;
	let keys = sortKeys(sort);
	const backwards = request.before !== undefined;
	if (backwards) {
		keys = keys.map(({key, direction}) => ({key, direction: flip(direction)}));
	}
	const where = filterWhere(request.filter);
	const cursor = request.before ?? request.after;
	if (cursor) {
		where.push(keysetWhere(keys, cursor));
	}
	const order: Order = keys.map(({key, direction}) =>
		key === 'username' ? [{model: User, as: 'author'}, 'username', direction] : [key, direction],
	);
	const query = {
		attributes: ['id', 'body', 'timestamp', 'user_id'],
		include: [{model: User, as: 'author', attributes: ['username'], required: true}],
		where: {[Op.and]: where},
		order,
		limit: request.limit,
		subQuery: false,
	};
	let posts: Post[];
	const userId = request.filter?.userId;
	if (userId === undefined) {
		posts = await Post.findAll(query);
	} else {
		// A profile reads its posts through the association, as the models describe it.
		const owner = await User.findByPk(userId, {attributes: ['id']});
		posts = owner ? await owner.getPosts(query) : [];
	}
	const rows = posts.map(toRow);
	return backwards ? rows.reverse() : rows;
}

export async function countPosts(database: Database, filter?: PostFilter): Promise<number> {
	const where = filterWhere(filter);
	if (filter?.userId !== undefined) {
		where.push({user_id: filter.userId});
	}
	const needsAuthor = filter?.author !== undefined;
	return Post.count({
		where: {[Op.and]: where},
		include: needsAuthor ? [{model: User, as: 'author', attributes: [], required: true}] : [],
	});
}

/** The post in full, with its author (the Post view). */
export async function findPost(database: Database, id: number): Promise<PostRow | undefined> {
	const post = await Post.findByPk(id, {include: [{model: User, as: 'author', attributes: ['username']}]});
	return post ? toRow(post) : undefined;
}
