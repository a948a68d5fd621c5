// runs once: covers each engine itself, or needs no database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import {changeChannel} from '../../source/db/change-signal.js';
import type {Database} from '../../source/db/connection.js';
import {User} from '../../source/db/models/index.js';
import {watchPosts} from '../../source/store/live-updates.js';
import {composePost, deletePost} from '../../source/store/posts.js';
import {migratedDatabase} from '../helpers/database.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {spawnScript} from '../helpers/spawn-script.js';
import {waitFor} from '../helpers/tui.js';

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
		next(timeoutMs = 2000) {
			const started = performance.now();
			const before = count;
			const waited = new Promise<number>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no change signalled within ${timeoutMs} ms`)), timeoutMs);
				waiters.push(() => {
					if (count > before) {
						clearTimeout(timer);
						resolve(performance.now() - started);
					}
				});
			});
			// Awaited later by the caller: a timeout before that is the caller's failure when it gets there, not an
			// unhandled rejection now (and Node's PromiseRejectionHandledWarning then).
			waited.catch(() => undefined);
			return waited;
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

		/** The URL of a PostgreSQL database, for another connection or process. */
		const urlOf = (database: Database): string => (database.location.dialect === 'postgres' ? database.location.url : assert.fail('a PostgreSQL location'));

		it('PostgreSQL: compose and delete NOTIFY in their transaction, heard on any other connection', async () => {
			await withPostgres(async (database, johnId) => {
				const other = new pg.Client({connectionString: urlOf(database)});
				const payloads: string[] = [];
				let heard: () => void = () => undefined;
				other.on('notification', message => {
					payloads.push(message.payload ?? '');
					heard();
				});
				await other.connect();
				try {
					await other.query(`LISTEN ${changeChannel}`);
					const nextPayload = async (): Promise<void> => {
						const count = payloads.length;
						while (payloads.length === count) {
							await new Promise<void>(resolve => {
								heard = resolve;
							});
						}
					};
					const composed = nextPayload();
					const post = await composePost(database, {id: johnId, username: 'john'}, 'hello listeners');
					await composed;
					const deleted = nextPayload();
					await deletePost(database, johnId, post.id);
					await deleted;
					assert.equal(payloads.length, 2);
					assert.match(payloads[0]!, /^post \S+$/);
					assert.equal(payloads[1], payloads[0], 'one sender: the same database');
				} finally {
					await other.end();
				}
			});
		});

		it('PostgreSQL: the watch skips writes made through its own database (the app shows them itself) and reports the rest', async () => {
			await withPostgres(async (database, johnId) => {
				const seen = changes();
				const watch = watchPosts(database, seen.onChange);
				try {
					await watch.ready;
					// LISTEN's own report of whatever was committed while it connected.
					const base = seen.count();
					const post = await composePost(database, {id: johnId, username: 'john'}, 'my own post');
					await deletePost(database, johnId, post.id);
					// Another process's write: its NOTIFY comes after our two on the listening connection. The 2 s bound
					// starts once the writer has committed (it prints `wrote 1` then), not when it is spawned: node and tsx
					// alone took 1.5-2 s to start under the full suite's load.
					const writer = spawnScript('test/fixtures/compose-writer.ts', [urlOf(database), 'john', '1']);
					let writerEnded = false;
					writer.done.then(
						() => (writerEnded = true),
						() => (writerEnded = true),
					);
					await waitFor(() => writer.output().includes('wrote 1') || writerEnded, {what: 'the writer\'s commit'});
					const committed = performance.now();
					if (!writer.output().includes('wrote 1')) {
						const failed = await writer.done;
						assert.fail(`the writer failed: ${failed.stdout}${failed.stderr}`);
					}
					await waitFor(() => seen.count() > base, {timeout: 2000, what: 'the other process\'s write reported within 2 s of its commit'});
					assert.ok(performance.now() - committed < 2000, `reported ${Math.round(performance.now() - committed)} ms after the commit`);
					const result = await writer.done;
					assert.equal(result.code, 0, result.stdout + result.stderr);
					// Were ours reported, they would have come first and within moments of it: give them that time.
					await new Promise(resolve => setTimeout(resolve, 200));
					assert.equal(seen.count(), base + 1, 'only the other process was reported');
				} finally {
					await watch.stop();
				}
			});
		});
	}
});
