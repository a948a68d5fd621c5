import sqlite3 from 'sqlite3';
import type {DatabaseLocation} from '../config.js';
import type {BindValue, Reader, SelectOptions} from './reader.js';
import {checkSqliteFile, fileIdentity, openChecked, sqliteBusyTimeoutMs} from './sqlite-file.js';

type SqliteLocation = Extract<DatabaseLocation, {dialect: 'sqlite'}>;

export type SqliteReaderOptions = {
	/** Called with every statement and its duration in ms (`--sql`). */
	logging?: (sql: string, ms: number) => void;
	/**
	 * 'read' (the default) opens a file we cannot write read-only; 'write' refuses it before SQLite sees it, for a
	 * caller that writes through Sequelize later (the TUI), as openDatabase's check does.
	 */
	access?: 'read' | 'write';
};

function open(filename: string, mode: number): Promise<sqlite3.Database> {
	return new Promise((resolve, reject) => {
		const connection = new sqlite3.Database(filename, mode, error => {
			if (error) {
				reject(error);
			} else {
				resolve(connection);
			}
		});
	});
}

/**
 * The rows of `sql` with `bind` as its `$1`, `$2`, …, which SQLite is given as `?1`, `?2`, …: numbered
 * parameters, bound by position (cheaper than by name: measured), and one value wherever a number repeats,
 * as on PostgreSQL. The SQL is the store's own, with no `$` in a string literal. node-sqlite3 binds text
 * with its length, NULs included.
 */
function all<Row>(connection: sqlite3.Database, sql: string, bind: readonly BindValue[] = []): Promise<Row[]> {
	const numbered = bind.length > 0 ? sql.replace(/\$(\d+)/g, '?$1') : sql;
	return new Promise((resolve, reject) => {
		connection.all(numbered, bind, (error: Error | null, rows: Row[]) => {
			if (error) {
				reject(error);
			} else {
				resolve(rows);
			}
		});
	});
}

function close(connection: sqlite3.Database): Promise<void> {
	return new Promise(resolve => {
		connection.close(() => resolve());
	});
}

/** Opens the file and makes SQLite read its schema, so a corrupt or foreign file fails here, not mid-command. */
async function openVerified(filename: string, mode: number): Promise<sqlite3.Database> {
	const connection = await open(filename, mode);
	try {
		connection.configure('busyTimeout', sqliteBusyTimeoutMs);
		await all(connection, 'SELECT count(*) FROM sqlite_master');
		return connection;
	} catch (error) {
		await close(connection);
		throw error;
	}
}

/**
 * Opens a SQLite database for reading through the driver alone, checked and opened as
 * openDatabase opens it for reading (the same file checks, the same read-only fallback), so a
 * listing gives the same answers and the same one-line errors without loading Sequelize. One
 * difference: a statement that meets another process's lock waits out the busy timeout (5 s) once,
 * where Sequelize retried it up to five times; a read in WAL mode is never blocked by a writer.
 */
export async function openSqliteReader(location: SqliteLocation, options: SqliteReaderOptions = {}): Promise<Reader> {
	const connection = await openChecked(location, checkSqliteFile(location.storage, 'existing', options.access ?? 'read'), 'existing', openVerified);
	const {logging} = options;
	return {
		location,
		dialect: 'sqlite',
		// Right after the open: the file the connection has is the one the path names (see source/db/replaced-file.ts).
		openedFile: location.storage === ':memory:' ? undefined : fileIdentity(location.storage),
		async select<Row extends object>(sql: string, selectOptions?: SelectOptions) {
			const started = performance.now();
			try {
				return await all<Row>(connection, sql, selectOptions?.bind);
			} finally {
				// A statement that fails is logged too, as Sequelize logs it: it is the one `--sql` is read for.
				if (!selectOptions?.quiet) {
					logging?.(sql, performance.now() - started);
				}
			}
		},
		async close() {
			await close(connection);
		},
	};
}
