import type {DatabaseLocation} from '../config.js';
import type {Database, OpenOptions} from '../db/connection.js';
import {describeDbError} from '../db/db-errors.js';
import type {Reader} from '../db/reader.js';
import {UserError} from '../errors.js';

/** Runs `work`, always closes; database failures become one-line UserErrors. */
async function runWith<T extends Reader, R>(location: DatabaseLocation, opened: Promise<T>, work: (database: T) => Promise<R>): Promise<R> {
	const database = await opened;
	try {
		return await work(database);
	} catch (error) {
		if (error instanceof UserError) {
			throw error;
		}
		const described = describeDbError(error, location);
		throw described ? new UserError(described, {cause: error}) : error;
	} finally {
		await database.close().catch(() => undefined);
	}
}

async function open(location: DatabaseLocation, options: OpenOptions): Promise<Database> {
	// Imported here, not at the top: this module is also a listing's, which never loads Sequelize on SQLite.
	const {openDatabase} = await import('../db/connection.js');
	return openDatabase(location, options);
}

/** Opens the database through Sequelize (models, writes), runs `work`, always closes. */
export async function withDatabase<T>(location: DatabaseLocation, options: OpenOptions, work: (database: Database) => Promise<T>): Promise<T> {
	return runWith(location, open(location, options), work);
}

/**
 * Opens the database for reading, runs `work`, always closes. A SQLite file is read through the
 * driver alone (source/db/sqlite-reader.ts); PostgreSQL through Sequelize, as the TUI reads it.
 */
export async function withReader<T>(
	location: DatabaseLocation,
	options: Pick<OpenOptions, 'logging'>,
	work: (database: Reader) => Promise<T>,
): Promise<T> {
	if (location.dialect === 'sqlite') {
		const {openSqliteReader} = await import('../db/sqlite-reader.js');
		return runWith(location, openSqliteReader(location, options), work);
	}
	return runWith(location, open(location, {mode: 'existing', access: 'read', ...options}), work);
}

export function print(line = ''): void {
	process.stdout.write(`${line}\n`);
}
