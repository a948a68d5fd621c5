import {after} from 'node:test';
import {QueryTypes} from 'sequelize';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {newDatabaseLocation, testEngine} from './engine.js';

/**
 * Opens a new, empty database of the engine under test (a SQLite file in a
 * fresh temp dir, or a new PostgreSQL database); closed when the test file ends.
 * `file` is what --database takes for it.
 */
export async function freshDatabase(name = 'app.db', engine = testEngine): Promise<{database: Database; file: string}> {
	const file = await newDatabaseLocation(name, engine);
	const database = await openDatabase(resolveDatabase(file), {mode: 'create'});
	after(async () => database.close());
	return {database, file};
}

export async function migratedDatabase(name = 'app.db', engine = testEngine): Promise<{database: Database; file: string}> {
	const opened = await freshDatabase(name, engine);
	await upgrade(opened.database, undefined);
	return opened;
}

export async function select<T extends object>(database: Database, sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
	return database.sequelize.query<T>(sql, {type: QueryTypes.SELECT, replacements});
}
