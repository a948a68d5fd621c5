import {QueryTypes} from 'sequelize';
import type {Database} from '../db/connection.js';
import {insertPosts, insertUsers} from '../db/bulk-insert.js';
import type {PostInsert} from '../db/bulk-insert.js';
import {withWriteTransaction} from '../db/write-transaction.js';
import {randomSource, syntheticBody, syntheticUser} from './synthetic-data.js';

export type GenerateRequest = {
	users: number;
	posts: number;
	/** Posts spread over this many days before now. */
	days?: number;
	seed?: number;
	/** One shared hash for every generated user (hashing per user would take hours). */
	passwordHash: string | null;
	onProgress?: (done: {users: number; posts: number}) => void;
};

export type GenerateResult = {users: number; posts: number; ms: number};

/** Rows per transaction: each batch is wholly present or absent after a crash. */
export const postsPerBatch = 100_000;
const usersPerBatch = 10_000;

async function maxUserId(database: Database): Promise<number> {
	const [row] = await database.sequelize.query<{id: number | null}>('SELECT max(id) AS id FROM "user"', {type: QueryTypes.SELECT});
	return Number(row?.id ?? 0);
}

/**
 * Fills the database with synthetic users and posts in batched transactions.
 * Posts are written oldest first with rising timestamps, as a real feed grows.
 */
export async function generate(database: Database, request: GenerateRequest): Promise<GenerateResult> {
	const started = performance.now();
	const random = randomSource(request.seed ?? 20_261_123);
	const firstId = (await maxUserId(database)) + 1;
	let usersDone = 0;
	while (usersDone < request.users) {
		const count = Math.min(usersPerBatch, request.users - usersDone);
		const batch = Array.from({length: count}, (_, index) => ({
			...syntheticUser(firstId + usersDone + index, random),
			passwordHash: request.passwordHash,
		}));
		await withWriteTransaction(database, async transaction => insertUsers(database, transaction, batch));
		usersDone += count;
		request.onProgress?.({users: usersDone, posts: 0});
	}
	const lastId = await maxUserId(database);
	if (lastId === 0 && request.posts > 0) {
		throw new Error('there are no users to write posts for: add --users');
	}
	const poolStart = request.users > 0 ? firstId : 1;
	const poolSize = lastId - poolStart + 1;
	const span = (request.days ?? 180) * 24 * 60 * 60 * 1000;
	const end = Date.now();
	const step = request.posts > 0 ? span / request.posts : 0;
	let postsDone = 0;
	while (postsDone < request.posts) {
		const count = Math.min(postsPerBatch, request.posts - postsDone);
		const batch: PostInsert[] = new Array<PostInsert>(count);
		for (let index = 0; index < count; index++) {
			const n = postsDone + index;
			// Rising time with jitter smaller than a step keeps the order while avoiding a regular grid.
			const timestamp = new Date(Math.round(end - span + n * step + random() * step * 0.9));
			// Squaring skews authorship: a few users write much, most write little.
			const author = poolStart + Math.floor(random() * random() * poolSize);
			batch[index] = {body: syntheticBody(random), timestamp, userId: author};
		}
		await withWriteTransaction(database, async transaction => insertPosts(database, transaction, batch));
		postsDone += count;
		request.onProgress?.({users: usersDone, posts: postsDone});
	}
	if (database.dialect === 'postgres' && usersDone + postsDone > 0) {
		// What autovacuum would do some time later: statistics and a visibility map, so the page
		// queries' index-only key reads (and sort-free plans) hold right after a bulk load.
		await database.sequelize.query('VACUUM ANALYZE "user", post');
	}
	return {users: usersDone, posts: postsDone, ms: performance.now() - started};
}
