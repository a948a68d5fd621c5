import type {PostSort} from '../../source/store/feed-pages.js';
import type {UserSort} from '../../source/store/users-query.js';

/** Every order the feed can be read in. */
export const postSorts: readonly PostSort[] = [
	{field: 'timestamp', reverse: false},
	{field: 'timestamp', reverse: true},
	{field: 'username', reverse: false},
	{field: 'username', reverse: true},
];

/** Every order the users can be read in. */
export const userSorts: readonly UserSort[] = [
	{field: 'username', reverse: false},
	{field: 'username', reverse: true},
	{field: 'latest', reverse: false},
	{field: 'latest', reverse: true},
];
