// Which seeders are applied (SequelizeData), kept true to the schema: a seeder whose table a downgrade
// drops is forgotten in the same transaction, so the next --seed fills the table again (issue 17).
import {QueryTypes} from 'sequelize';
import type {Transaction} from 'sequelize';
import type {Database} from './connection.js';
import {stepDirectory} from './project-paths.js';
import type {Reader} from './reader.js';
import {removeRecord} from './step-record-writes.js';
import {listStepFiles, readRecords, tableNamesSql} from './step-records.js';
import type {StepFile} from './step-records.js';
import type {StepModule} from './migration-context.js';

export function seederFiles(): readonly StepFile[] {
	const {directory, extension} = stepDirectory('seeders');
	return listStepFiles(directory, extension);
}

export type SeederState = {
	readonly name: string;
	readonly applied: boolean;
	readonly appliedAt: Date | undefined;
};

export type SeederStatus = {
	readonly seeders: SeederState[];
	/** Recorded in SequelizeData but unknown to this version. */
	readonly unknown: string[];
};

export async function seederStatus(database: Reader, tables?: readonly string[]): Promise<SeederStatus> {
	const files = seederFiles();
	const records = await readRecords(database, 'SequelizeData', tables);
	const recorded = new Map(records.map(record => [record.name, record.appliedAt]));
	const known = new Set(files.map(file => file.name));
	return {
		seeders: files.map(file => ({name: file.name, applied: recorded.has(file.name), appliedAt: recorded.get(file.name)})),
		unknown: records.filter(record => !known.has(record.name)).map(record => record.name),
	};
}

/**
 * Removes, inside `transaction`, the record of every applied seeder that fills one of the tables `step`
 * drops (its rows went with the table). Returns the names it forgot.
 */
export async function forgetSeedersOf(database: Database, step: StepModule, transaction: Transaction): Promise<string[]> {
	const dropped = new Set(step.tables ?? []);
	if (dropped.size === 0) {
		return [];
	}
	const tables = await database.sequelize.query<{name: string}>(tableNamesSql(database.dialect), {type: QueryTypes.SELECT, transaction});
	if (!tables.some(table => table.name === 'SequelizeData')) {
		return [];
	}
	const applied = new Set(
		(await database.sequelize.query<{name: string}>('SELECT name FROM "SequelizeData"', {type: QueryTypes.SELECT, transaction})).map(row => row.name),
	);
	const {loadStep} = await import('./step-runner.js');
	const forgotten: string[] = [];
	for (const file of seederFiles().filter(candidate => applied.has(candidate.name))) {
		const seeder = await loadStep(file);
		if ((seeder.fills ?? []).some(table => dropped.has(table))) {
			await removeRecord(database, 'SequelizeData', file.name, transaction);
			forgotten.push(file.name);
		}
	}
	return forgotten;
}
