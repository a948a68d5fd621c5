import {QueryTypes} from 'sequelize';
import type {Database} from '../db/connection.js';
import {insertPosts, insertUsers} from '../db/bulk-insert.js';
import type {PostInsert, UserInsert} from '../db/bulk-insert.js';
import {withWriteTransaction} from '../db/write-transaction.js';
import {UserError} from '../errors.js';
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
	/** Rows per transaction (the defaults below); tests make them small to fail a batch in the middle of a run. */
	batchSize?: {users: number; posts: number};
};

export type GenerateResult = {users: number; posts: number; ms: number};

/** Rows per transaction at most: each batch of users and posts is wholly present or absent after a failure or crash. */
export const postsPerBatch = 100_000;
const usersPerBatch = 10_000;

/** A post whose author is drawn as a place in the pool of users before the batch is written, and named by id inside it. */
type PendingPost = PostInsert & {authorDraw: number};

/** One transaction's worth, made before it opens, so a retried transaction (SQLITE_BUSY) writes the same rows. */
type Batch = {users: UserInsert[]; posts: PendingPost[]};

async function existingUserIds(database: Database): Promise<number[]> {
	const rows = await database.sequelize.query<{id: number}>('SELECT id FROM "user" ORDER BY id', {type: QueryTypes.SELECT, logging: false});
	return rows.map(row => Number(row.id));
}

/** Only to name new users apart from earlier ones (a generated user's number is never above its id); ids come from the database. */
async function maxUserId(database: Database): Promise<number> {
	const [row] = await database.sequelize.query<{id: number | null}>('SELECT max(id) AS id FROM "user"', {type: QueryTypes.SELECT, logging: false});
	return Number(row?.id ?? 0);
}

/**
 * Fills the database with synthetic users and posts in batched transactions, each a batch of users and
 * the posts written after they joined: users come first, in full batches; posts are spread over every
 * batch, oldest first with rising timestamps, as a real feed grows. A post's author is drawn from the users
 * written so far (this batch's included), by the ids the database returned for them, or from the users
 * already there when no users are asked for.
 */
export async function generate(database: Database, request: GenerateRequest): Promise<GenerateResult> {
	const started = performance.now();
	const random = randomSource(request.seed ?? 20_261_123);
	const sizes = request.batchSize ?? {users: usersPerBatch, posts: postsPerBatch};
	const batches = Math.max(Math.ceil(request.users / sizes.users), Math.ceil(request.posts / sizes.posts));
	const firstNumber = (await maxUserId(database)) + 1;
	let pool: number[] = request.users > 0 ? [] : request.posts > 0 ? await existingUserIds(database) : [];
	if (request.users === 0 && request.posts > 0 && pool.length === 0) {
		throw new UserError('there are no users to write posts for: add --users');
	}
	const span = (request.days ?? 180) * 24 * 60 * 60 * 1000;
	const end = Date.now();
	const step = request.posts > 0 ? span / request.posts : 0;
	let usersDone = 0;
	let postsDone = 0;
	for (let index = 0; index < batches; index++) {
		const batch = makeBatch(request, random, {
			users: Math.min(sizes.users, request.users - usersDone),
			// Posts spread evenly over the batches, so every batch's users write some as soon as they join.
			posts: Math.floor(((index + 1) * request.posts) / batches) - postsDone,
			firstNumber: firstNumber + usersDone,
			firstPost: postsDone,
			end,
			span,
			step,
		});
		pool = await withWriteTransaction(database, async transaction => {
			const ids = await insertUsers(database, transaction, batch.users);
			// Sorted ids after the earlier ones: a low draw is an early user, who has had longest to write.
			const authors = ids.length > 0 ? pool.concat(ids) : pool;
			// In place, not a second array of 100,000 rows; a retried transaction sets the same authors again.
			for (const post of batch.posts) {
				post.userId = authors[Math.floor(post.authorDraw * authors.length)]!;
			}
			if (batch.posts.length > 0) {
				await insertPosts(database, transaction, batch.posts);
			}
			return authors;
		});
		usersDone += batch.users.length;
		postsDone += batch.posts.length;
		request.onProgress?.({users: usersDone, posts: postsDone});
	}
	if (database.dialect === 'postgres' && usersDone + postsDone > 0) {
		// What autovacuum would do some time later: statistics and a visibility map, so the page
		// queries' index-only key reads (and sort-free plans) hold right after a bulk load.
		await database.sequelize.query('VACUUM ANALYZE "user", post');
	}
	return {users: usersDone, posts: postsDone, ms: performance.now() - started};
}

function makeBatch(
	request: GenerateRequest,
	random: () => number,
	at: {users: number; posts: number; firstNumber: number; firstPost: number; end: number; span: number; step: number},
): Batch {
	const users = Array.from({length: at.users}, (_, index) => ({
		...syntheticUser(at.firstNumber + index, random),
		passwordHash: request.passwordHash,
	}));
	const posts = new Array<PendingPost>(at.posts);
	for (let index = 0; index < at.posts; index++) {
		const n = at.firstPost + index;
		// Rising time with jitter smaller than a step keeps the order while avoiding a regular grid.
		const timestamp = new Date(Math.round(at.end - at.span + n * at.step + random() * at.step * 0.9));
		// Squaring skews authorship: a few users write much, most write little.
		posts[index] = {body: syntheticBody(random), timestamp, userId: 0, authorDraw: random() * random()};
	}
	return {users, posts};
}
