import type {DatabaseLocation} from '../config.js';
import {openDatabase} from '../db/connection.js';
import type {Database, OpenOptions} from '../db/connection.js';
import {describeDbError} from '../db/db-errors.js';
import {UserError} from '../errors.js';

/** Opens the database, runs `work`, always closes; database failures become one-line UserErrors. */
export async function withDatabase<T>(
	location: DatabaseLocation,
	options: OpenOptions,
	work: (database: Database) => Promise<T>,
): Promise<T> {
	const database = await openDatabase(location, options);
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

export function print(line = ''): void {
	process.stdout.write(`${line}\n`);
}
