// runs once: PostgreSQL only; skips itself without TEST_DATABASE_URL, and without a way to make a cluster of its own.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {after, before, describe, it} from 'node:test';
import pg from 'pg';
import {resolveDatabase} from '../../source/config.js';
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
	send(command: 'watch' | 'stop'): void;
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
