import {UserError} from '../errors.js';
import type {Database} from './connection.js';
import {assertOwnDatabase} from './migrator.js';
import {seederFiles} from './seed-records.js';
import {readRecords} from './step-records.js';
import type {RunResult, StepEvents} from './step-runner.js';

/** Seeders write into the tables the migrations make, so they need the schema at head. */
async function assertMigrated(database: Database): Promise<void> {
	const status = await assertOwnDatabase(database);
	if (status.pending.length > 0) {
		throw new UserError(
			`${database.location.display} has pending migrations (${status.pending.join(', ')}); run 'microblog-tui --migrate' first`,
		);
	}
}

export async function seed(database: Database, events: StepEvents = {}): Promise<RunResult> {
	await assertMigrated(database);
	const {StepRunner} = await import('./step-runner.js');
	const files = seederFiles();
	return new StepRunner(database, 'SequelizeData', files, events).up(files.map(file => file.name));
}

export async function unseed(database: Database, events: StepEvents = {}): Promise<RunResult> {
	await assertMigrated(database);
	const {StepRunner} = await import('./step-runner.js');
	const files = seederFiles();
	const applied = new Set((await readRecords(database, 'SequelizeData')).map(record => record.name));
	const names = files.filter(file => applied.has(file.name)).map(file => file.name).reverse();
	return new StepRunner(database, 'SequelizeData', files, events).down(names);
}
