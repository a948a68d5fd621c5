import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Database} from '../../source/db/connection.js';
import {AppController} from '../../source/ui/state/app-controller.js';
import type {ProfileEntry} from '../../source/ui/state/app-controller.js';
import {makeDatabase, seedPosts, seedUser, waitFor} from '../helpers/tui.js';
import type {TestDatabase} from '../helpers/tui.js';

/** The profile header's read (findUser, source/store/users-query.ts): one user's row with its post count. */
const profileRead = /FROM "user" u WHERE u\.id = /;

/**
 * `database` with its profile-header reads counted and slowed to `latencyMs` (a round trip to a busy server), and
 * failing while `down` is set. Every other read passes through untouched.
 */
function countingProfileReads(database: Database, latencyMs: number) {
	const state = {down: false, reads: 0, inFlight: 0, maxInFlight: 0, lastStarted: 0};
	const select: Database['select'] = async (sql, options) => {
		if (!profileRead.test(sql)) {
			return database.select(sql, options);
		}
		state.reads++;
		state.lastStarted = performance.now();
		state.inFlight++;
		state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
		try {
			await new Promise(resolve => setTimeout(resolve, latencyMs));
			if (state.down) {
				throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
			}
			return await database.select(sql, options);
		} finally {
			state.inFlight--;
		}
	};
	const counted = new Proxy(database, {
		get(target, property) {
			if (property === 'select') {
				return select;
			}
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	return {database: counted, state};
}

/** What the watch does on every commit elsewhere (PostgreSQL: one NOTIFY each). */
function postsChanged(controller: AppController): void {
	(controller as unknown as {postsChanged(): void}).postsChanged();
}

/** Sends `count` updates over `spanMs`; returns when the last was sent. */
async function burst(controller: AppController, count: number, spanMs: number): Promise<number> {
	let last = 0;
	for (let sent = 0; sent < count; sent++) {
		last = performance.now();
		postsChanged(controller);
		// Pacing the burst, not waiting for a result.
		await new Promise(resolve => setTimeout(resolve, spanMs / count));
	}
	return last;
}

/**
 * A busy writer elsewhere: every live update read the open profile's header again, each read its own, however many
 * were still running (100 updates, 100 reads at once; while the database failed, 100 failures). One read at a time
 * per profile, and updates that come while it runs are answered by one more read after it.
 */
describe('an open profile under a burst of live updates', () => {
	let db: TestDatabase;
	let controller: AppController | undefined;

	before(async () => {
		db = await makeDatabase();
		const alice = await seedUser('alice');
		await seedPosts(alice, 5);
	});

	after(async () => {
		controller?.dispose();
		await db.close();
	});

	async function openProfile(database: Database): Promise<{controller: AppController; entry: ProfileEntry}> {
		controller?.dispose();
		controller = new AppController({database, height: 24, width: 100, refreshMs: 0, onQuit: () => undefined});
		const app = controller;
		await waitFor(() => app.feed.window.ready, {what: 'the feed loaded'});
		app.handleKey('u', 'u');
		const entry = await waitFor(() => {
			const top = app.stack.at(-1);
			return top?.kind === 'profile' && top.profile ? top : undefined;
		}, {what: "the author's profile read"});
		return {controller: app, entry};
	}

	it('reads the header once at a time, and once more after the burst', async () => {
		const {database, state} = countingProfileReads(db.database, 30);
		const {controller: app, entry} = await openProfile(database);
		assert.equal(entry.profile?.username, 'alice');
		const readsBefore = state.reads;
		state.maxInFlight = 0;
		const started = performance.now();
		const lastUpdate = await burst(app, 100, 1000);
		const burstMs = performance.now() - started;
		await waitFor(() => state.inFlight === 0, {what: 'the reads answered'});
		assert.ok(state.lastStarted >= lastUpdate, 'a read began after the last update: what it announced is shown');
		const reads = state.reads - readsBefore;
		assert.equal(state.maxInFlight, 1, 'one header read at a time');
		assert.ok(reads <= Math.ceil(burstMs / 30) + 2, `${reads} header reads for 100 updates in ${Math.round(burstMs)} ms`);
		assert.equal(entry.profile?.username, 'alice');
	});

	it('while its reads fail: one at a time, and shown moments after the database answers', async () => {
		const {database, state} = countingProfileReads(db.database, 30);
		const {controller: app, entry} = await openProfile(database);
		state.down = true;
		postsChanged(app);
		await waitFor(() => entry.problem !== undefined && state.inFlight === 0, {what: 'the failure reported'});
		const readsBefore = state.reads;
		state.maxInFlight = 0;
		const started = performance.now();
		await burst(app, 100, 1000);
		const burstMs = performance.now() - started;
		const reads = state.reads - readsBefore;
		assert.equal(state.maxInFlight, 1, 'one header read at a time');
		assert.ok(reads <= Math.ceil(burstMs / 30) + 2, `${reads} header reads for 100 updates in ${Math.round(burstMs)} ms`);
		state.down = false;
		entry.profile = undefined;
		const back = performance.now();
		postsChanged(app);
		await waitFor(() => entry.profile !== undefined, {timeout: 5000, what: 'the profile read again'});
		const shownMs = performance.now() - back;
		assert.ok(shownMs < 1000, `read again ${Math.round(shownMs)} ms after the database answers`);
	});
});
