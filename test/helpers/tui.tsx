import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {Post, User} from '../../source/db/models/index.js';
import {hashPassword} from '../../source/store/password.js';
import {App} from '../../source/ui/app.js';
import type {AppProps} from '../../source/ui/app.js';
import {createPostgresDatabase, testEngine} from './engine.js';
import {testDatabaseUrl} from './postgres.js';
import {waitFor} from './wait-for.js';

export {defaultWaitMs, waitFor} from './wait-for.js';

export type TestDatabase = {database: Database; file: string; close(): Promise<void>};

/**
 * A real database of the engine under test, migrated to the newest schema
 * unless `migrate` is false (or up to the named migration): a SQLite file in
 * a fresh temp dir, or a new PostgreSQL database in the suite's PostgreSQL run.
 */
export type MakeDatabaseOptions = {
	migrate?: boolean | string;
	/** The open option the SQL pane feeds on: every statement and its duration. */
	logging?: (sql: string, ms: number) => void;
};

export async function makeDatabase(options: MakeDatabaseOptions = {}): Promise<TestDatabase> {
	if (testEngine === 'postgres' && testDatabaseUrl) {
		return makePostgresDatabase(testDatabaseUrl, options);
	}
	const directory = mkdtempSync(path.join(tmpdir(), 'microblog-tui-ui-'));
	const file = path.join(directory, 'test.db');
	const database = await openDatabase(resolveDatabase(file), {mode: 'create', logging: options.logging});
	if (options.migrate !== false) {
		await upgrade(database, typeof options.migrate === 'string' ? options.migrate : undefined);
	}
	return {
		database,
		file,
		async close() {
			await database.close();
			rmSync(directory, {recursive: true, force: true});
		},
	};
}

export async function makePostgresDatabase(serverUrl: string, options: MakeDatabaseOptions = {}): Promise<TestDatabase> {
	const created = await createPostgresDatabase(serverUrl, 'microblog_ui');
	const database = await openDatabase(resolveDatabase(created.url), {mode: 'existing', logging: options.logging});
	if (options.migrate !== false) {
		await upgrade(database, typeof options.migrate === 'string' ? options.migrate : undefined);
	}
	return {
		database,
		file: created.url,
		async close() {
			await database.close();
			await created.drop();
		},
	};
}

let sharedHash: Promise<string> | undefined;
/** scrypt takes ~0.7 s: one hash per test file, shared by every seeded user. */
export function testPasswordHash(): Promise<string> {
	sharedHash ??= hashPassword(testPassword);
	return sharedHash;
}

export const testPassword = 'correct horse';

export async function seedUser(username: string, email = `${username}@example.com`): Promise<number> {
	const user = await User.create({username, email, password_hash: await testPasswordHash()});
	return user.id;
}

/** Posts `count` posts by `userId`, one minute apart, the last one `endsAt`. Returns their ids, oldest first. */
export async function seedPosts(
	userId: number,
	count: number,
	options: {body?: (index: number) => string; endsAt?: Date} = {},
): Promise<number[]> {
	const end = (options.endsAt ?? new Date()).getTime();
	const rows = Array.from({length: count}, (_, index) => ({
		body: options.body?.(index) ?? `post ${index + 1}`,
		user_id: userId,
		timestamp: new Date(end - (count - 1 - index) * 60_000),
	}));
	const created = await Post.bulkCreate(rows);
	return created.map(post => post.id);
}

export type RenderedApp = ReturnType<typeof render> & {quits: () => number};

export function renderApp(props: Partial<AppProps> & {database: Database}): RenderedApp {
	let quits = 0;
	const instance = render(
		<App width={80} height={20} color={false} refreshMs={0} onQuit={() => quits++} {...props} />,
	);
	return Object.assign(instance, {quits: () => quits});
}

/** The last frame, with a clear error when nothing was rendered yet. */
export function frame(app: RenderedApp): string {
	return app.lastFrame() ?? '';
}

/** Waits until the last frame contains `text` (or matches it). */
export async function waitForText(app: RenderedApp, text: string | RegExp, timeout?: number): Promise<string> {
	try {
		return await waitFor(() => {
			const current = frame(app);
			return (typeof text === 'string' ? current.includes(text) : text.test(current)) ? current : undefined;
		}, {timeout, what: String(text)});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

/** Waits until the last frame no longer contains `text`. */
/**
 * Renders the App with `--user NAME`'s sign-in form and signs in with the test password (seeded
 * users have it). scrypt takes seconds on a loaded machine: the default wait allows for it.
 */
export async function renderSignedIn(props: Partial<AppProps> & {database: Database; initialUser: string}): Promise<RenderedApp> {
	const app = renderApp(props);
	try {
		await waitForText(app, /› password: *\n/);
		await press(app, testPassword, keys.enter);
		await waitForText(app, `signed in as ${props.initialUser}`);
	} catch (error) {
		app.unmount();
		throw error;
	}
	return app;
}

export async function waitForGone(app: RenderedApp, text: string, timeout?: number): Promise<string> {
	try {
		return await waitFor(() => (frame(app).includes(text) ? undefined : frame(app)), {timeout, what: `${text} to go`});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

/** The selected row: the one the `›` marker points at. */
export function selectedLine(app: RenderedApp): string | undefined {
	return frame(app)
		.replace(/\u001B\[[0-9;]*m/g, '')
		.split('\n')
		.find(line => line.startsWith('› '));
}

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlD: '\u0004',
	ctrlU: '\u0015',
} as const;

/** Writes one key and gives Ink a moment to parse it (a lone ESC waits for a following byte). */
export async function press(app: RenderedApp, ...sequence: string[]): Promise<void> {
	for (const key of sequence) {
		app.stdin.write(key);
		await new Promise(resolve => setImmediate(resolve));
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** Types text into a field as one chunk, like a paste. */
export async function type(app: RenderedApp, text: string): Promise<void> {
	await press(app, text);
}

/** Waits until the selected row matches `pattern`. */
export async function waitForSelected(app: RenderedApp, pattern: RegExp, timeout?: number): Promise<string> {
	try {
		return await waitFor(() => {
			const line = selectedLine(app);
			return line !== undefined && pattern.test(line) ? line : undefined;
		}, {timeout, what: `selected row ${String(pattern)}`});
	} catch (error) {
		throw new Error(`${(error as Error).message}\n--- last frame ---\n${frame(app)}`);
	}
}

/**
 * Another connection (as another program would) takes the lock that a new post needs, and holds
 * it until the returned function is called: SQLite's write lock, or PostgreSQL's on the post table.
 */
export async function holdPostWriteLock(db: TestDatabase): Promise<() => Promise<void>> {
	if (testEngine === 'postgres') {
		const client = new pg.Client({connectionString: db.file});
		await client.connect();
		await client.query('BEGIN');
		await client.query('LOCK TABLE post IN EXCLUSIVE MODE');
		return async () => {
			await client.query('COMMIT');
			await client.end();
		};
	}
	const other = new sqlite3.Database(db.file);
	const run = (sql: string) =>
		new Promise<void>((resolve, reject) => {
			other.run(sql, error => (error ? reject(error) : resolve()));
		});
	await run('BEGIN IMMEDIATE');
	return async () => {
		await run('COMMIT');
		await new Promise(resolve => {
			other.close(resolve);
		});
	};
}
