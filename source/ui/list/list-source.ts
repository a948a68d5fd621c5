import type {Database} from '../../db/connection.js';
import {countPosts} from '../../store/feed-pages.js';
import {postPage} from '../../store/feed-query.js';
import type {PostFilter, PostRow, PostSort} from '../../store/feed-pages.js';
import {postsBefore, usersBefore} from '../../store/list-position.js';
import {countUsers, userPage} from '../../store/users-query.js';
import type {UserFilter, UserRow, UserSort} from '../../store/users-query.js';

/** One sorted, filtered list as the window needs it: pages from either end or around a row, a count, a position. */
export type ListSource<R> = {
	first(limit: number): Promise<R[]>;
	/** The last `limit` rows, in list order. */
	last(limit: number): Promise<R[]>;
	after(row: R, limit: number): Promise<R[]>;
	before(row: R, limit: number): Promise<R[]>;
	count(): Promise<number>;
	/** Rows before `row` in list order. */
	position(row: R): Promise<number>;
	id(row: R): number;
};

export function postSource(database: Database, sort: PostSort, filter: PostFilter): ListSource<PostRow> {
	// Sorting the other way round and reading backwards is exactly the tail of the list (the sorts are total).
	const mirrored: PostSort = {field: sort.field, reverse: !sort.reverse};
	return {
		first: limit => postPage(database, {sort, filter, limit}),
		last: async limit => (await postPage(database, {sort: mirrored, filter, limit})).reverse(),
		after: (row, limit) => postPage(database, {sort, filter, after: row, limit}),
		before: (row, limit) => postPage(database, {sort, filter, before: row, limit}),
		count: () => countPosts(database, filter),
		position: row => postsBefore(database, {sort, filter, cursor: row}),
		id: row => row.id,
	};
}

export function userSource(database: Database, sort: UserSort, filter: UserFilter = {}): ListSource<UserRow> {
	const mirrored: UserSort = {field: sort.field, reverse: !sort.reverse};
	return {
		first: limit => userPage(database, {sort, filter, limit}),
		last: async limit => (await userPage(database, {sort: mirrored, filter, limit})).reverse(),
		after: (row, limit) => userPage(database, {sort, filter, after: row, limit}),
		before: (row, limit) => userPage(database, {sort, filter, before: row, limit}),
		count: () => countUsers(database, filter),
		position: row => usersBefore(database, {sort, filter, cursor: row}),
		id: row => row.id,
	};
}
