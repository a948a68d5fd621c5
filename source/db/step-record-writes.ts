// Writing the step records, inside a step's transaction (source/db/step-runner.ts); reading them is in step-records.ts.
import {QueryTypes} from 'sequelize';
import type {Transaction} from 'sequelize';
import type {Database} from './connection.js';
import type {RecordTable} from './step-records.js';

export async function ensureRecordTable(database: Database, table: RecordTable, transaction: Transaction): Promise<void> {
	const timestampType = database.dialect === 'sqlite' ? 'DATETIME' : 'TIMESTAMP WITH TIME ZONE';
	await database.sequelize.query(
		`CREATE TABLE IF NOT EXISTS "${table}" (name VARCHAR(255) NOT NULL PRIMARY KEY, applied_at ${timestampType})`,
		{transaction},
	);
}

export async function isRecorded(database: Database, table: RecordTable, name: string, transaction: Transaction): Promise<boolean> {
	const rows = await database.sequelize.query(`SELECT name FROM "${table}" WHERE name = :name`, {
		type: QueryTypes.SELECT,
		replacements: {name},
		transaction,
	});
	return rows.length > 0;
}

export async function addRecord(database: Database, table: RecordTable, name: string, transaction: Transaction): Promise<void> {
	await database.sequelize.query(`INSERT INTO "${table}" (name, applied_at) VALUES (:name, :appliedAt)`, {
		replacements: {name, appliedAt: new Date()},
		transaction,
	});
}

export async function removeRecord(database: Database, table: RecordTable, name: string, transaction: Transaction): Promise<void> {
	await database.sequelize.query(`DELETE FROM "${table}" WHERE name = :name`, {replacements: {name}, transaction});
}
