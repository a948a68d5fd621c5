import {readdirSync} from 'node:fs';
import path from 'node:path';
import type {Reader} from './reader.js';

/** Migrations are recorded in Umzug's usual `SequelizeMeta`; seeders in sequelize-cli's `SequelizeData`. */
export type RecordTable = 'SequelizeMeta' | 'SequelizeData';

export type StepFile = {
	readonly name: string;
	readonly path: string;
	/** Run only when named (`--migrate --to NAME`), never by a plain `--migrate` (source/db/optional-migrations.ts). */
	readonly optional?: boolean;
};

/** Step files in name order; names are stored without extension so .ts (dev) and .js (build) agree. */
export function listStepFiles(directory: string, extension: string): StepFile[] {
	let entries: string[];
	try {
		entries = readdirSync(directory);
	} catch {
		return [];
	}
	return entries
		.filter(file => file.endsWith(extension) && !file.endsWith('.d.ts') && /^\d/.test(file))
		.sort()
		.map(file => ({name: file.slice(0, -extension.length), path: path.join(directory, file)}));
}

/** The query for the database's own tables, one `name` a row: also run inside write transactions. */
export function tableNamesSql(dialect: Reader['dialect']): string {
	return dialect === 'sqlite'
		? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
		: "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
}

export async function tableNames(database: Reader): Promise<string[]> {
	const rows = await database.select<{name: string}>(tableNamesSql(database.dialect));
	return rows.map(row => row.name);
}

export type StepRecord = {name: string; appliedAt: Date | undefined};

/** `tables`: the table names when the caller has just read them (start-up reads them once, not three times). */
export async function readRecords(database: Reader, table: RecordTable, tables?: readonly string[]): Promise<StepRecord[]> {
	if (!(tables ?? (await tableNames(database))).includes(table)) {
		return [];
	}
	const rows = await database.select<{name: string; applied_at: string | Date | null}>(`SELECT name, applied_at FROM "${table}" ORDER BY name`);
	return rows.map(row => ({
		name: row.name,
		appliedAt: row.applied_at === null ? undefined : new Date(row.applied_at),
	}));
}
