import path from 'node:path';
import {after} from 'node:test';
import {QueryTypes} from 'sequelize';
import {resolveDatabase} from '../../source/config.js';
import {openDatabase} from '../../source/db/connection.js';
import type {Database} from '../../source/db/connection.js';
import {upgrade} from '../../source/db/migrator.js';
import {tempDir} from './temp-dir.js';

/** Opens (creating) a SQLite file in a fresh temp dir; closed when the test file ends. */
export async function freshDatabase(name = 'app.db'): Promise<{database: Database; file: string}> {
	const file = path.join(tempDir(), name);
	const database = await openDatabase(resolveDatabase(file), {mode: 'create'});
	after(async () => database.close());
	return {database, file};
}

export async function migratedDatabase(name = 'app.db'): Promise<{database: Database; file: string}> {
	const opened = await freshDatabase(name);
	await upgrade(opened.database, undefined);
	return opened;
}

export async function select<T extends object>(database: Database, sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
	return database.sequelize.query<T>(sql, {type: QueryTypes.SELECT, replacements});
}
