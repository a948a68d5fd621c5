// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import sqlite3 from 'sqlite3';
import type {Database} from '../../source/db/connection.js';
import {User} from '../../source/db/models/index.js';
import {watchPosts} from '../../source/store/live-updates.js';
import {composePost, deletePost} from '../../source/store/posts.js';
import {migratedDatabase} from '../helpers/database.js';
import {testDatabaseUrl} from '../helpers/postgres.js';

function changes(): {count: () => number; next: (timeoutMs?: number) => Promise<number>; onChange: () => void} {
	let count = 0;
	let waiters: Array<() => void> = [];
	return {
		count: () => count,
		onChange: () => {
			count++;
			for (const wake of waiters) {
				wake();
			}
			waiters = [];
		},
		next: async (timeoutMs = 2000) => {
			const started = performance.now();
			const before = count;
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no change signalled within ${timeoutMs} ms`)), timeoutMs);
				waiters.push(() => {
					if (count > before) {
						clearTimeout(timer);
						resolve();
					}
				});
			});
			return performance.now() - started;
		},
	};
}

describe('live updates: the store tells the UI when posts change', () => {
	it('SQLite: a commit by another connection is seen through PRAGMA data_version within 2 s', async () => {
		const {database, file} = await migratedDatabase('app.db', 'sqlite');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const seen = changes();
		const watch = watchPosts(database, seen.onChange, {intervalMs: 100});
		try {
			// Only a commit after the first data_version read can be told apart; a loaded machine may take a while to read it.
			await watch.ready;
			// A few more polls with nothing committed: none of them may report a change.
			await new Promise(resolve => setTimeout(resolve, 250));
			assert.equal(seen.count(), 0, 'nothing changed yet');
			const other = new sqlite3.Database(file);
			const waiting = seen.next();
			await new Promise<void>((resolve, reject) => {
				other.run(`INSERT INTO post (body, user_id) VALUES ('from elsewhere', ${john.id})`, error => (error ? reject(error) : resolve()));
			});
			assert.ok((await waiting) < 2000);
			await new Promise(resolve => other.close(resolve));
		} finally {
			await watch.stop();
		}
	});

	if (testDatabaseUrl) {
		/** A migrated PostgreSQL database of its own with one user, john (the helper closes it when the file ends). */
		async function withPostgres(test: (database: Database, johnId: number) => Promise<void>): Promise<void> {
			const {database} = await migratedDatabase('live', 'postgres');
			const john = await User.create({username: 'john', email: 'john@example.com'});
			await test(database, john.id);
		}

		it('PostgreSQL: a commit made while LISTEN is still connecting is reported once it is in place', async () => {
			await withPostgres(async (database, johnId) => {
				const seen = changes();
				const waiting = seen.next();
				const watch = watchPosts(database, seen.onChange);
				try {
					// On the open connection this commits before the listener's new connection is up.
					await composePost(database, {id: johnId, username: 'john'}, 'written during start-up');
					await watch.ready;
					assert.ok((await waiting) < 2000);
				} finally {
					await watch.stop();
				}
			});
		});

		it('PostgreSQL: compose and delete NOTIFY in their transaction; a listener hears both', async () => {
			await withPostgres(async (database, johnId) => {
				const seen = changes();
				const watch = watchPosts(database, seen.onChange);
				try {
					// LISTEN must be in place before the commit (a fixed wait was too short on a loaded machine).
					await watch.ready;
					const waiting = seen.next();
					const post = await composePost(database, {id: johnId, username: 'john'}, 'hello listeners');
					assert.ok((await waiting) < 2000);
					const deleted = seen.next();
					await deletePost(database, johnId, post.id);
					await deleted;
				} finally {
					await watch.stop();
				}
			});
		});
	}
});
