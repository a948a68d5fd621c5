import {setTimeout as sleep} from 'node:timers/promises';
import {Transaction} from 'sequelize';
import type {Database} from './connection.js';
import {isSqliteBusy} from './db-errors.js';

export type WriteOptions = {
	/** Attempts in all, counting the first. */
	attempts?: number;
};

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
	const attempts = options.attempts ?? 8;
	for (let attempt = 1; ; attempt++) {
		try {
			return await database.sequelize.transaction(
				database.dialect === 'sqlite' ? {type: Transaction.TYPES.IMMEDIATE} : {},
				work,
			);
		} catch (error) {
			if (attempt >= attempts || !isSqliteBusy(error)) {
				throw error;
			}
			// Jittered backoff so two retrying writers do not collide again in step.
			await sleep(20 * attempt + Math.random() * 30);
		}
	}
}
