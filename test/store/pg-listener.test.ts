// runs once: PostgreSQL only; skips itself without TEST_DATABASE_URL, and without a way to make a cluster of its own (the tests against a fake server need neither).
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {createServer} from 'node:net';
import type {Server, Socket} from 'node:net';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {after, before, describe, it} from 'node:test';
import pg from 'pg';
import {resolveDatabase} from '../../source/config.js';
import {watchChanges} from '../../source/db/change-signal.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {User} from '../../source/db/models/index.js';
import {projectRoot, runProcess} from '../helpers/cli.js';
import {migratedDatabase} from '../helpers/database.js';
import {createPostgresDatabase} from '../helpers/engine.js';
import {clusterUnavailable, throwawayCluster} from '../helpers/pg-cluster.js';
import type {Cluster} from '../helpers/pg-cluster.js';
import {testDatabaseUrl} from '../helpers/postgres.js';
import {waitFor} from '../helpers/tui.js';

const needsPostgres = {skip: testDatabaseUrl ? false : 'TEST_DATABASE_URL is not set: no PostgreSQL server to test on'};
const needsCluster = {skip: clusterUnavailable()};

const urlOf = (database: Database): string => (database.location.dialect === 'postgres' ? database.location.url : assert.fail('a PostgreSQL location'));

async function psql(url: string, sql: string): Promise<void> {
	const result = await runProcess('psql', ['--no-psqlrc', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]);
	assert.equal(result.code, 0, `psql failed: ${result.stderr}`);
}

type Watcher = {
	/** The watch's reports so far. */
	changes(): number;
	send(command: 'watch' | 'watch-throwing' | 'stop'): void;
	/** Waits for the fixture to report `line` (the `count`th time), or fails after `timeout` ms. */
	waitFor(line: 'open' | 'ready' | 'change' | 'stopped', count?: number, timeout?: number): Promise<void>;
	/** Ends the process; its stdout and stderr, which must be empty, and its exit code. */
	end(): Promise<{code: number | null; output: string}>;
};

/**
 * watchPosts in a process of its own (test/fixtures/watch-posts.ts): whatever the watch or the pg driver prints, and an
 * unhandled rejection (printed, exit code 1), shows in its stdout and stderr, which the TUI's terminal would receive.
 */
async function watcher(url: string): Promise<Watcher> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test/fixtures/watch-posts.ts'), url], {
		cwd: projectRoot,
		stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const lines: string[] = [];
	(child.stdio[3] as Readable).setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
	const exited = new Promise<number | null>(resolve => child.on('close', resolve));
	const count = (line: string) => lines.filter(candidate => candidate === line).length;
	const result: Watcher = {
		changes: () => count('change'),
		send(command) {
			child.stdin!.write(`${command}\n`);
		},
		async waitFor(line, times = 1, timeout = 30_000) {
			await waitFor(() => count(line) >= times, {timeout, what: `${line} x${times} (output: ${output})`});
		},
		async end() {
			child.stdin!.end('exit\n');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			const code = await exited;
			clearTimeout(timer);
			return {code, output};
		},
	};
	await result.waitFor('open');
	return result;
}

describe('the PostgreSQL listener reconnects', () => {
	it('a terminated listening connection is opened again: one change is reported, and later writes are heard', needsPostgres, async () => {
		const {database} = await migratedDatabase('listener', 'postgres');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const url = urlOf(database);
		const watch = await watcher(url);
		try {
			watch.send('watch');
			await watch.waitFor('ready');
			await watch.waitFor('change', 1);
			// What a server restart or an idle timeout does to that one connection: the server ends it.
			const admin = new pg.Client({connectionString: url});
			await admin.connect();
			const terminated = await admin.query<{pid: number}>(
				"SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'microblog-tui listener'",
			);
			await admin.end();
			assert.equal(terminated.rowCount, 1, 'one listening connection');
			const lost = performance.now();
			await watch.waitFor('change', 2, 5000);
			assert.ok(performance.now() - lost < 3000, `back within 3 s (${Math.round(performance.now() - lost)} ms)`);
			await psql(url, `INSERT INTO post (body, user_id) VALUES ('after the reconnect', ${john.id})`);
			await watch.waitFor('change', 3, 2000);
			watch.send('stop');
			await watch.waitFor('stopped');
		} finally {
			const {code, output} = await watch.end();
			assert.equal(output, '', 'nothing on stdout or stderr');
			assert.equal(code, 0);
		}
	});
});

/** Ends the listening connections of the database at `url`, as a server restart or an idle timeout would; how many. */
async function terminateListeners(url: string): Promise<number> {
	const admin = new pg.Client({connectionString: url});
	await admin.connect();
	try {
		const terminated = await admin.query<{pid: number}>(
			"SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'microblog-tui listener'",
		);
		return terminated.rowCount ?? 0;
	} finally {
		await admin.end();
	}
}

describe('the PostgreSQL listener and a subscriber or server that misbehaves', () => {
	it('an onChange that throws crashes nothing: LISTEN, notifications and reconnects go on, nothing printed', needsPostgres, async () => {
		const {database} = await migratedDatabase('listener', 'postgres');
		const john = await User.create({username: 'john', email: 'john@example.com'});
		const url = urlOf(database);
		const watch = await watcher(url);
		try {
			watch.send('watch-throwing');
			// The report once LISTEN is in place (it was thrown out of the attempt, an unhandled rejection: exit 1).
			await watch.waitFor('change', 1);
			// A notification (it was thrown into pg's event handler: an uncaught exception).
			await psql(url, `INSERT INTO post (body, user_id) VALUES ('to a failing subscriber', ${john.id})`);
			await watch.waitFor('change', 2, 5000);
			assert.equal(await terminateListeners(url), 1, 'one listening connection');
			await watch.waitFor('change', 3, 5000);
			watch.send('stop');
			await watch.waitFor('stopped');
		} finally {
			const {code, output} = await watch.end();
			assert.equal(output, '', 'nothing on stdout or stderr');
			assert.equal(code, 0);
		}
	});

	it('a server that accepts connections and then drops them is tried again with a growing wait, not every 100 ms', needsPostgres, async () => {
		const {database} = await migratedDatabase('listener', 'postgres');
		const url = urlOf(database);
		const watch = await watcher(url);
		try {
			watch.send('watch');
			await watch.waitFor('change', 1);
			// Each time LISTEN is in place again (a change is reported), the server drops the connection.
			const windowMs = 4000;
			const started = performance.now();
			let dropped = 0;
			while (performance.now() - started < windowMs) {
				const changes = watch.changes();
				if (changes > dropped) {
					dropped = changes;
					await terminateListeners(url);
				} else {
					// Polling the child's reports, not waiting for a result.
					await new Promise(resolve => setTimeout(resolve, 10));
				}
			}
			const reconnects = watch.changes() - 1;
			// Waits of 100, 200, 400, 800, 1600 ms: five reconnects in 4 s (plus the connects' own time). When every
			// LISTEN reset the backoff, it reconnected (and the views re-read) every ~100 ms: 25 or more.
			assert.ok(reconnects >= 2, `it still reconnects (${reconnects})`);
			assert.ok(reconnects <= 7, `${reconnects} reconnects in ${windowMs} ms`);
		} finally {
			// Also when an assertion failed: a watch left running keeps the process alive.
			watch.send('stop');
			await watch.waitFor('stopped');
			const {code, output} = await watch.end();
			assert.equal(output, '', 'nothing on stdout or stderr');
			assert.equal(code, 0);
		}
	});
});

/** A TCP server that accepts connections and never answers them (a server hung, or a firewall that holds them): its open sockets. */
async function silentServer(options: {refuseFirst?: number} = {}): Promise<{server: Server; url: string; open: Set<Socket>; accepted: () => number}> {
	const open = new Set<Socket>();
	let accepted = 0;
	const server = createServer(socket => {
		accepted++;
		if (accepted <= (options.refuseFirst ?? 0)) {
			socket.destroy();
			return;
		}
		open.add(socket);
		// Reading (and dropping) what the client sends: a paused socket would not see the client hang up either.
		socket.resume();
		socket.on('error', () => undefined);
		socket.on('close', () => open.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	assert.ok(address && typeof address === 'object');
	return {server, url: `postgres://nobody@127.0.0.1:${address.port}/nothing`, open, accepted: () => accepted};
}

async function closeServer(server: Server, open: Set<Socket>): Promise<void> {
	for (const socket of open) {
		socket.destroy();
	}
	await new Promise(resolve => server.close(resolve));
}

/** What watchChanges needs of a database to LISTEN: its dialect and URL (the watch opens its own connection). */
const locationOnly = (url: string): Database => ({dialect: 'postgres', location: resolveDatabase(url, {})}) as unknown as Database;

describe('stop() and a connection attempt in flight (a server that never answers; no PostgreSQL needed)', () => {
	it('stop() during the first attempt ends it at once, not when it times out (10 s)', async () => {
		const {server, url, open} = await silentServer();
		try {
			const watch = watchChanges(locationOnly(url), () => assert.fail('nothing to report'));
			await waitFor(() => open.size === 1, {what: 'the attempt connected'});
			const asked = performance.now();
			await watch.stop();
			const stopMs = performance.now() - asked;
			assert.ok(stopMs < 2000, `stop() took ${Math.round(stopMs)} ms`);
			await watch.ready;
			await waitFor(() => open.size === 0, {timeout: 2000, what: 'the attempt\'s socket closed'});
		} finally {
			await closeServer(server, open);
		}
	});

	it('stop() during a later attempt ends it too: no socket left open behind it, no attempt after it', async () => {
		// The first attempt fails at once (the server hangs up), the next one hangs.
		const {server, url, open, accepted} = await silentServer({refuseFirst: 1});
		try {
			const watch = watchChanges(locationOnly(url), () => assert.fail('nothing to report'));
			await watch.ready;
			await waitFor(() => open.size === 1, {what: 'a second attempt connected'});
			const asked = performance.now();
			await watch.stop();
			assert.ok(performance.now() - asked < 2000, `stop() took ${Math.round(performance.now() - asked)} ms`);
			// Its socket stayed open until the 10 s connect timeout before.
			await waitFor(() => open.size === 0, {timeout: 2000, what: 'the attempt\'s socket closed'});
			const attempts = accepted();
			// Longer than any wait before a retry: an attempt left scheduled would have connected by now.
			await new Promise(resolve => setTimeout(resolve, 2500));
			assert.equal(accepted(), attempts, 'no attempt after stop()');
		} finally {
			await closeServer(server, open);
		}
	});
});

describe('the PostgreSQL listener and a server that stops and starts (a cluster of the test\'s own)', () => {
	let cluster: Cluster;
	let database: Database;
	let url: string;

	before(async () => {
		if (needsCluster.skip) {
			return;
		}
		cluster = await throwawayCluster();
		const created = await createPostgresDatabase(cluster.url, 'microblog_restart');
		url = created.url;
		database = await openDatabase(resolveDatabase(url), {mode: 'existing'});
		await upgrade(database, undefined);
		await User.create({username: 'john', email: 'john@example.com'});
	});

	after(async () => {
		await database?.close();
		await cluster?.dispose();
	});

	it('keeps trying while the server is down, with no output and no unhandled rejection, and reports once it is back', needsCluster, async () => {
		const watch = await watcher(url);
		try {
			watch.send('watch');
			await watch.waitFor('change', 1);
			await cluster.stop();
			// Longer than the backoff's cap, so that retries are capped rather than only begun.
			await new Promise(resolve => setTimeout(resolve, 6000));
			assert.equal(watch.changes(), 1, 'nothing to report while down');
			await cluster.start();
			const restarted = performance.now();
			await watch.waitFor('change', 2, 5000);
			assert.ok(performance.now() - restarted < 3000, `back within 3 s of the restart (${Math.round(performance.now() - restarted)} ms)`);
			await psql(url, 'INSERT INTO post (body, user_id) SELECT \'after the restart\', id FROM "user"');
			await watch.waitFor('change', 3, 2000);
			watch.send('stop');
			await watch.waitFor('stopped');
		} finally {
			const {code, output} = await watch.end();
			assert.equal(output, '', 'nothing on stdout or stderr');
			assert.equal(code, 0);
		}
	});

	it('a watch started while the server is down settles ready, and hears the server once it starts', needsCluster, async () => {
		const watch = await watcher(url);
		try {
			await cluster.stop();
			watch.send('watch');
			await watch.waitFor('ready');
			assert.equal(watch.changes(), 0);
			await cluster.start();
			await watch.waitFor('change', 1, 5000);
			await psql(url, 'INSERT INTO post (body, user_id) SELECT \'once started\', id FROM "user"');
			await watch.waitFor('change', 2, 2000);
			watch.send('stop');
			await watch.waitFor('stopped');
		} finally {
			const {code, output} = await watch.end();
			assert.equal(output, '', 'nothing on stdout or stderr');
			assert.equal(code, 0);
		}
	});

	it('stop() while the server is down ends the retries: nothing is reported after it', needsCluster, async () => {
		const watch = await watcher(url);
		try {
			await cluster.stop();
			watch.send('watch');
			await watch.waitFor('ready');
			watch.send('stop');
			await watch.waitFor('stopped');
			await cluster.start();
			await psql(url, 'INSERT INTO post (body, user_id) SELECT \'after stop\', id FROM "user"');
			// Two backoff caps: a retry left running would have connected and reported by now.
			await new Promise(resolve => setTimeout(resolve, 4500));
			assert.equal(watch.changes(), 0);
		} finally {
			const {code, output} = await watch.end();
			assert.equal(output, '', 'nothing on stdout or stderr');
			assert.equal(code, 0);
		}
	});
});
