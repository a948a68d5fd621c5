import {QueryTypes} from 'sequelize';
import type {Transaction} from 'sequelize';
import {UserError} from '../errors.js';
import type {Database} from './connection.js';
import {timeKeyOf} from './stored-time.js';

export type PostInsert = {body: string; timestamp: Date; userId: number};
export type UserInsert = {username: string; email: string; passwordHash: string | null};

/** The canonical text migration 0004 keeps on SQLite, written as it is, so its trigger has nothing to rewrite. */
export function sqliteTimestamp(date: Date): string {
	return timeKeyOf(date);
}

/** Migration 0004's trigger that rewrites a post's time as it is inserted (see insertPostsRaw). */
const canonicalTimeTrigger = 'post_timestamp_utc_insert';

/** Rows per INSERT statement: large enough to amortise a round trip, small enough for SQLite's variable limit. */
const rowsPerStatement = 500;

/** `(?, ?, ?), (?, ?, ?), …`: one row of SQLite parameters per inserted row. */
function placeholders(rows: number, columns: number): string {
	const row = `(${Array.from({length: columns}, () => '?').join(', ')})`;
	return Array.from({length: rows}, () => row).join(', ');
}

type RawSqlite = {
	run(sql: string, callback: (error: Error | null) => void): void;
	get(sql: string, parameters: unknown[], callback: (error: Error | null, row: Record<string, unknown> | undefined) => void): void;
	prepare(sql: string): RawStatement;
};
type RawStatement = {
	run(parameters: unknown[], callback: (error: Error | null) => void): void;
	all(parameters: unknown[], callback: (error: Error | null, rows: Array<Record<string, unknown>>) => void): void;
	finalize(callback: () => void): void;
};

/** The driver connection of a SQLite transaction: Sequelize keeps it there, outside its public typings. */
function rawConnection(transaction: Transaction): RawSqlite {
	return (transaction as unknown as {connection: RawSqlite}).connection;
}

async function finalizeAll(statements: Iterable<RawStatement>): Promise<void> {
	await Promise.all(
		[...statements].map(
			async statement =>
				new Promise<void>(resolve => {
					statement.finalize(resolve);
				}),
		),
	);
}

/**
 * Bulk loading skips Sequelize's query layer on SQLite: formatting 1,500 bind
 * parameters per statement cost it ~10 ms a call (measured: 50 s against 22 s
 * for a million posts). The statement still runs in the caller's transaction,
 * on that transaction's own connection.
 */
async function insertPostsRaw(transaction: Transaction, posts: readonly PostInsert[]): Promise<void> {
	const connection = rawConnection(transaction);
	const run = async (sql: string) =>
		new Promise<void>((resolve, reject) => {
			connection.run(sql, error => (error ? reject(error) : resolve()));
		});
	const get = async (sql: string, parameters: unknown[] = []) =>
		new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
			connection.get(sql, parameters, (error, row) => (error ? reject(error) : resolve(row)));
		});
	// Random authors touch random pages of ix_post_user_id_timestamp_id: a large page cache keeps them in memory.
	await run('PRAGMA cache_size=-262144');
	// The transaction is IMMEDIATE: no other writer adds posts until it ends, so the batch is every post above this id.
	const lastBefore = Number((await get('SELECT coalesce(max(id), 0) AS id FROM post'))?.id ?? 0);
	// Migration 0004's insert trigger has nothing to do for these rows (they are written canonical), but its mere
	// presence cost a million posts 22 s instead of 15 (measured: SQLite runs the trigger program, and keeps a
	// statement journal, for every row). It is set aside for this batch inside the same transaction: no other
	// connection can write until the batch commits with the trigger back, or rolls back with it never gone.
	const trigger = await get("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [canonicalTimeTrigger]);
	if (typeof trigger?.sql === 'string') {
		await run(`DROP TRIGGER ${canonicalTimeTrigger}`);
	}
	const statements = new Map<number, RawStatement>();
	try {
		for (let start = 0; start < posts.length; start += rowsPerStatement) {
			const chunk = posts.slice(start, start + rowsPerStatement);
			let statement = statements.get(chunk.length);
			if (!statement) {
				// OR FAIL: a failed row fails the statement without undoing its earlier rows, so SQLite keeps no statement
				// journal for it (with foreign keys unchecked); the caller's transaction is rolled back anyway.
				statement = connection.prepare(`INSERT OR FAIL INTO post (body, timestamp, user_id) VALUES ${placeholders(chunk.length, 3)}`);
				statements.set(chunk.length, statement);
			}
			const parameters: unknown[] = [];
			for (const post of chunk) {
				parameters.push(post.body, sqliteTimestamp(post.timestamp), post.userId);
			}
			await new Promise<void>((resolve, reject) => {
				statement.run(parameters, error => (error ? reject(error) : resolve()));
			});
		}
		// The foreign key, checked for the whole batch at once (the bulk load's connection does not enforce it row by row).
		const orphan = await get('SELECT user_id AS userId FROM post WHERE id > ? AND user_id NOT IN (SELECT id FROM "user") LIMIT 1', [lastBefore]);
		if (orphan) {
			throw new UserError(`cannot add posts by user id ${String(orphan.userId)}: there is no such user`);
		}
		if (typeof trigger?.sql === 'string') {
			await run(trigger.sql);
		}
	} finally {
		await finalizeAll(statements.values());
	}
}

/** Users in the caller's transaction on SQLite, through the driver as posts are; the ids SQLite gave them. */
async function insertUsersRaw(transaction: Transaction, users: readonly UserInsert[]): Promise<number[]> {
	const connection = rawConnection(transaction);
	const statements = new Map<number, RawStatement>();
	const ids: number[] = [];
	try {
		for (let start = 0; start < users.length; start += rowsPerStatement) {
			const chunk = users.slice(start, start + rowsPerStatement);
			let statement = statements.get(chunk.length);
			if (!statement) {
				statement = connection.prepare(
					`INSERT INTO "user" (username, email, password_hash) VALUES ${placeholders(chunk.length, 3)} RETURNING id`,
				);
				statements.set(chunk.length, statement);
			}
			const parameters: unknown[] = [];
			for (const user of chunk) {
				parameters.push(user.username, user.email, user.passwordHash);
			}
			const rows = await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
				statement.all(parameters, (error, result) => (error ? reject(error) : resolve(result)));
			});
			for (const row of rows) {
				ids.push(Number(row.id));
			}
		}
	} finally {
		await finalizeAll(statements.values());
	}
	return ids;
}

export async function insertPosts(database: Database, transaction: Transaction, posts: readonly PostInsert[]): Promise<void> {
	if (database.dialect === 'postgres') {
		await database.sequelize.query(
			'INSERT INTO post (body, timestamp, user_id) SELECT * FROM unnest($1::varchar[], $2::timestamptz[], $3::int[])',
			{
				bind: [posts.map(post => post.body), posts.map(post => post.timestamp.toISOString()), posts.map(post => post.userId)],
				type: QueryTypes.INSERT,
				transaction,
				logging: false,
			},
		);
		return;
	}
	await insertPostsRaw(transaction, posts);
}

/**
 * Inserts users in the caller's transaction and returns the ids the database gave them, in ascending
 * order. Nothing is assumed about them: after a delete (`--seed --undo`) they do not start at max(id) + 1,
 * PostgreSQL's sequence and SQLite's AUTOINCREMENT having moved on, and RETURNING's row order is unspecified.
 */
export async function insertUsers(database: Database, transaction: Transaction, users: readonly UserInsert[]): Promise<number[]> {
	if (users.length === 0) {
		return [];
	}
	let ids: number[];
	if (database.dialect === 'postgres') {
		const rows = await database.sequelize.query<{id: number}>(
			'INSERT INTO "user" (username, email, password_hash) SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) RETURNING id',
			{
				bind: [users.map(user => user.username), users.map(user => user.email), users.map(user => user.passwordHash)],
				type: QueryTypes.SELECT,
				transaction,
				logging: false,
			},
		);
		ids = rows.map(row => Number(row.id));
	} else {
		ids = await insertUsersRaw(transaction, users);
	}
	if (ids.length !== users.length) {
		throw new Error(`inserted ${users.length} users but the database returned ${ids.length} ids`);
	}
	return ids.sort((a, b) => a - b);
}
