import {setTimeout as sleep} from 'node:timers/promises';
import {Transaction} from 'sequelize';
import type {Database} from './connection.js';
import {isSqliteBusy} from './db-errors.js';
import {assertSameFile} from './replaced-file.js';

export type WriteOptions = {
	/** Attempts in all, counting the first. */
	attempts?: number;
};

/**
 * One SQLite writer at a time inside this process. node-sqlite3 runs each
 * statement on libuv's small thread pool, and a BEGIN IMMEDIATE waiting in
 * SQLite's busy handler holds a thread: several of them waiting at once can
 * starve the very transaction that holds the lock (measured: 10 writers took
 * 50 s instead of 0.5 s). SQLite allows one writer anyway, so queueing here
 * costs nothing; other processes are still handled by the busy timeout and retry.
 */
const writerQueues = new WeakMap<Database, Promise<unknown>>();

async function inWriterQueue<T>(database: Database, work: () => Promise<T>): Promise<T> {
	const previous = writerQueues.get(database) ?? Promise.resolve();
	const next = previous.then(work, work);
	writerQueues.set(
		database,
		next.catch(() => undefined),
	);
	return next;
}

/**
 * Runs `work` in one write transaction and retries the whole of it when
 * SQLite reports another writer (SQLITE_BUSY). On SQLite the transaction is
 * IMMEDIATE: it takes the write lock before reading, so what `work` reads is
 * still true when it writes.
 */
export async function withWriteTransaction<T>(
	database: Database,
	work: (transaction: Transaction) => Promise<T>,
	options: WriteOptions = {},
): Promise<T> {
	if (database.dialect !== 'sqlite') {
		return database.sequelize.transaction(work);
	}
	const attempts = options.attempts ?? 8;
	return inWriterQueue(database, async () => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await database.sequelize.transaction({type: Transaction.TYPES.IMMEDIATE}, async transaction => {
					// With the write lock held, before anything is written: a file replaced at the path gets nothing,
					// and the transaction rolls back (source/db/replaced-file.ts).
					assertSameFile(database);
					return work(transaction);
				});
			} catch (error) {
				if (attempt >= attempts || !isSqliteBusy(error)) {
					throw error;
				}
				// Jittered backoff so two retrying processes do not collide again in step.
				await sleep(20 * attempt + Math.random() * 30);
			}
		}
	});
}
