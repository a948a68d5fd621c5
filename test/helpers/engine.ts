import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {after} from 'node:test';
import pg from 'pg';
import {testDatabaseUrl} from './postgres.js';
import {tempDir} from './temp-dir.js';

/**
 * The engine the engine-neutral tests run on: SQLite files by default, or
 * PostgreSQL when `npm test` runs the suite a second time with
 * TEST_ENGINE=postgres (it does so whenever TEST_DATABASE_URL is set).
 */
export const testEngine: 'sqlite' | 'postgres' = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

async function adminQuery(sql: string, serverUrl = testDatabaseUrl): Promise<void> {
	const client = new pg.Client({connectionString: serverUrl});
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

/** A new database on a PostgreSQL server, and how to drop it again. */
export async function createPostgresDatabase(serverUrl: string, prefix = 'microblog_test'): Promise<{url: string; drop: () => Promise<void>}> {
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	await adminQuery(`CREATE DATABASE ${name}`, serverUrl);
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {url: url.toString(), drop: async () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, serverUrl)};
}

/**
 * A new, empty database for one test: a file in a temp dir on SQLite, a new
 * database on the PostgreSQL server otherwise (dropped when the file ends).
 * Returns what `--database` takes.
 */
export async function newDatabaseLocation(name = 'app.db', engine = testEngine): Promise<string> {
	if (engine === 'sqlite') {
		return path.join(tempDir(), name);
	}
	if (!testDatabaseUrl) {
		throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL');
	}
	const created = await createPostgresDatabase(testDatabaseUrl);
	after(created.drop);
	return created.url;
}
