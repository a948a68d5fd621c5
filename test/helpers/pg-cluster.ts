import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {testDatabaseUrl} from './postgres.js';

const run = promisify(execFile);

/** The newest PostgreSQL's programs, as .ci/run picks them. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) {
		return undefined;
	}
	const versions = readdirSync(root)
		.filter(version => existsSync(path.join(root, version, 'bin', 'initdb')))
		.sort((a, b) => Number(a) - Number(b));
	const newest = versions.at(-1);
	return newest === undefined ? undefined : path.join(root, newest, 'bin');
}

const bin = postgresBin();

/**
 * Why a test on a throwaway cluster is skipped, or false when it runs. PostgreSQL tests run when TEST_DATABASE_URL is
 * set (as `.ci/run` does), like every other; a cluster then also needs PostgreSQL's server programs and root (initdb
 * refuses to run as root, so the cluster runs as the postgres user through runuser).
 */
export function clusterUnavailable(): string | false {
	if (!testDatabaseUrl) {
		return 'TEST_DATABASE_URL is not set: PostgreSQL tests are off';
	}
	if (bin === undefined) {
		return 'no PostgreSQL server programs under /usr/lib/postgresql';
	}
	if (process.getuid?.() !== 0) {
		return 'a throwaway cluster runs as the postgres user, which needs root';
	}
	if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser') && !existsSync('/usr/bin/runuser')) {
		return 'runuser is missing';
	}
	return false;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

export type Cluster = {
	/** The cluster's `postgres` database: a server URL for createPostgresDatabase and makePostgresDatabase. */
	readonly url: string;
	/** Stops the server as an administrator would (pg_ctl stop -m fast): clients are told and disconnected. */
	stop(): Promise<void>;
	start(): Promise<void>;
	/** Stops the server at once and removes its files: call it when the test (or the file) ends, even if it failed. */
	dispose(): Promise<void>;
};

/**
 * A PostgreSQL cluster of the test's own, in a temp dir, on a free port of 127.0.0.1 (trust authentication: only this
 * machine reaches it). Tests that stop a server use this one: the shared test server serves other tests at the same
 * time. The caller disposes of it (node:test's after() registered here would belong to whichever hook or test called,
 * and run when that ends).
 */
export async function throwawayCluster(): Promise<Cluster> {
	if (bin === undefined) {
		throw new Error('no PostgreSQL server programs');
	}
	// Not tempDir(): its clean-up could run before the server is stopped, and a server whose directory is gone stays up.
	const directory = mkdtempSync(path.join(tmpdir(), 'microblog-pg-'));
	const data = path.join(directory, 'data');
	const port = await freePort();
	const asPostgres = async (program: string, args: readonly string[]) =>
		run('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args], {timeout: 60_000});
	const dispose = async () => {
		await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
		rmSync(directory, {recursive: true, force: true});
	};
	try {
		await run('chown', ['postgres:postgres', directory]);
		await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
	} catch (error) {
		await dispose();
		throw error;
	}
	const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${directory} -c fsync=off`;
	const start = async () => {
		await asPostgres('pg_ctl', ['-D', data, '-l', path.join(directory, 'server.log'), '-w', '-o', options, 'start']);
	};
	const stop = async () => {
		await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
	};
	try {
		await start();
	} catch (error) {
		await dispose();
		throw error;
	}
	return {url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, start, dispose};
}
