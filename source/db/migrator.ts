import {UserError, firstLine} from '../errors.js';
import type {Database} from './connection.js';
import {describeDbError} from './db-errors.js';
import {loaded} from './deferred-database.js';
import type {Reader} from './reader.js';
import type {TableDrop} from './dropped-rows.js';
import type {StepModule} from './migration-context.js';
import {stepDirectory} from './project-paths.js';
import {optionalMigrations} from './optional-migrations.js';
import {listStepFiles, readRecords, tableNames} from './step-records.js';
import type {StepFile} from './step-records.js';
import type {RunResult, StepEvents} from './step-runner.js';

export type MigrationState = {
	readonly name: string;
	readonly applied: boolean;
	/** Run only when named: never pending (source/db/optional-migrations.ts). */
	readonly optional: boolean;
	readonly appliedAt: Date | undefined;
	readonly current: boolean;
};

export type MigrationStatus = {
	readonly migrations: MigrationState[];
	/** The newest applied migration, or null at base. */
	readonly current: string | null;
	readonly pending: string[];
	/** Optional migrations not applied: `--migrate --to NAME` runs one; nothing else does. */
	readonly optional: string[];
	/** Recorded in the database but unknown to this version. */
	readonly unknown: string[];
	/** The database has no tables at all. */
	readonly empty: boolean;
};

export type MigrationSource = {files?: readonly StepFile[]};

export function migrationFiles(source: MigrationSource = {}): readonly StepFile[] {
	if (source.files) {
		return source.files;
	}
	const {directory, extension} = stepDirectory('migrations');
	return listStepFiles(directory, extension).map(file => (optionalMigrations.has(file.name) ? {...file, optional: true} : file));
}

/**
 * What `--migrate --to NAME` (or, without a name, `--migrate`) runs, oldest first: every unapplied migration up to
 * NAME, leaving out the optional ones other than NAME itself.
 */
export function upgradeSteps(status: MigrationStatus, to: string | undefined): string[] {
	const last = to === undefined ? status.migrations.length : status.migrations.findIndex(migration => migration.name === to) + 1;
	return status.migrations
		.slice(0, last)
		.filter(migration => !migration.applied && (!migration.optional || migration.name === to))
		.map(migration => migration.name);
}

const ownTables = new Set(['SequelizeMeta', 'SequelizeData']);

/** Not another application's data: Flask-Migrate's record, which `flask db migrate` also leaves (empty) on ours. */
const recordOnly = new Set([...ownTables, 'alembic_version']);

export async function migrationStatus(
	database: Reader,
	source: MigrationSource = {},
	knownTables?: readonly string[],
): Promise<MigrationStatus> {
	const files = migrationFiles(source);
	const tables = knownTables ?? (await tableNames(database));
	const records = await readRecords(database, 'SequelizeMeta', tables);
	const recorded = new Map(records.map(record => [record.name, record.appliedAt]));
	const known = new Set(files.map(file => file.name));
	const appliedNames = files.filter(file => recorded.has(file.name)).map(file => file.name);
	const current = appliedNames.at(-1) ?? null;
	return {
		migrations: files.map(file => ({
			name: file.name,
			applied: recorded.has(file.name),
			optional: file.optional === true,
			appliedAt: recorded.get(file.name),
			current: file.name === current,
		})),
		current,
		pending: files.filter(file => !recorded.has(file.name) && !file.optional).map(file => file.name),
		optional: files.filter(file => !recorded.has(file.name) && file.optional).map(file => file.name),
		unknown: records.filter(record => !known.has(record.name)).map(record => record.name),
		empty: tables.length === 0,
	};
}

/**
 * The migration state of a database that is ours: another application's (tables but no migration
 * record) is refused, as every command refuses it; a newer microblog-tui's is not, so that --status
 * can still list the migrations this version does not know.
 */
export async function ownMigrationStatus(database: Reader, source: MigrationSource = {}): Promise<MigrationStatus> {
	const tables = await tableNames(database);
	const foreign = tables.filter(table => !recordOnly.has(table));
	const status = await migrationStatus(database, source, tables);
	// An empty record counts as none (`--stamp base` leaves one): tables no migration of ours accounts for are not ours.
	const recorded = status.current !== null || status.unknown.length > 0;
	if (!recorded && foreign.length > 0) {
		const {flaskMigrateRefusal} = await import('./flask-migrate-database.js');
		const flask = await flaskMigrateRefusal(database, tables);
		if (flask) {
			throw flask;
		}
		throw new UserError(
			`${database.location.display} is not a microblog-tui database (it has tables ${foreign.join(', ')} but no migration record); refusing to change it`,
		);
	}
	return status;
}

/**
 * Refuses databases this program must not touch: another application's
 * (tables but no migration record), or a newer microblog-tui's (a recorded
 * migration this version does not know).
 */
export async function assertOwnDatabase(database: Reader, source: MigrationSource = {}): Promise<MigrationStatus> {
	const status = await ownMigrationStatus(database, source);
	assertNoUnknownMigration(database, status);
	return status;
}

/** A recorded migration this version has no file for: the one line every command, --status too, refuses the database with. */
export function assertNoUnknownMigration(database: Reader, status: MigrationStatus): void {
	if (status.unknown.length > 0) {
		throw new UserError(
			`${database.location.display} is at migration ${status.unknown.join(', ')}, which this version of microblog-tui does not know (was it made by a newer version?)`,
		);
	}
}

export function assertKnownMigration(name: string, status: MigrationStatus): void {
	if (!status.migrations.some(migration => migration.name === name)) {
		const known = status.migrations.map(migration => migration.name).join(', ');
		throw new UserError(`unknown migration '${name}' (known: ${known || 'none'})`);
	}
}

export type {TableDrop} from './dropped-rows.js';

export type DowngradePlan = {
	/** Migrations to revert, newest first. */
	readonly steps: string[];
	/** Tables the plan drops that exist, with their row counts. */
	readonly drops: TableDrop[];
};

export async function planDowngrade(
	database: Database,
	to: string | undefined,
	source: MigrationSource = {},
): Promise<DowngradePlan> {
	const status = await assertOwnDatabase(database, source);
	const applied = status.migrations.filter(migration => migration.applied).map(migration => migration.name);
	let steps: string[];
	if (to === undefined) {
		steps = applied.slice(-1);
	} else if (to === 'base') {
		steps = [...applied];
	} else {
		assertKnownMigration(to, status);
		const index = applied.indexOf(to);
		if (index === -1) {
			throw new UserError(`cannot downgrade to ${to}: it is not applied (current: ${status.current ?? 'base'})`);
		}
		steps = applied.slice(index + 1);
	}
	steps.reverse();
	// Imported here: they bring Sequelize, which the TUI's first frame does without (deferred-database.ts).
	const {countDrops} = await import('./dropped-rows.js');
	return {steps, drops: await countDrops(database, await loadSteps(steps, source))};
}

async function loadSteps(names: readonly string[], source: MigrationSource): Promise<StepModule[]> {
	const {loadStep} = await import('./step-runner.js');
	const files = migrationFiles(source);
	return Promise.all(names.map(async name => loadStep(files.find(candidate => candidate.name === name)!)));
}

async function enableWal(database: Database): Promise<void> {
	if (database.dialect === 'sqlite' && database.location.dialect === 'sqlite' && database.location.storage !== ':memory:') {
		// Persistent in the file: readers never block the writer and vice versa.
		try {
			await database.sequelize.query('PRAGMA journal_mode=WAL');
		} catch (error) {
			// The mode changes with one write of the header, or not at all (a full disk fails it first on a new file).
			throw new UserError(`${describeDbError(error, database.location) ?? firstLine(error)}; nothing was written`, {cause: error});
		}
	}
}


export async function upgrade(
	deferred: Database,
	to: string | undefined,
	source: MigrationSource = {},
	events: StepEvents = {},
): Promise<RunResult & {status: MigrationStatus}> {
	const database = await loaded(deferred);
	const status = await assertOwnDatabase(database, source);
	if (to !== undefined) {
		assertKnownMigration(to, status);
	}
	const steps = upgradeSteps(status, to);
	if (steps.length === 0) {
		return {ran: [], skipped: [], status};
	}
	await enableWal(database);
	const {StepRunner} = await import('./step-runner.js');
	const runner = new StepRunner(database, 'SequelizeMeta', migrationFiles(source), events);
	const result = await runner.up(steps);
	return {...result, status: await migrationStatus(database, source)};
}

export type DowngradeOptions = {
	/** `--yes`: delete whatever the tables hold by then. Otherwise no table may lose more rows than the plan showed. */
	readonly anyRows?: boolean;
};

/**
 * Reverts the plan's steps in one transaction: first the rows its tables hold are counted again there
 * (nobody can add any until it commits), and the run stops with nothing changed if more would go than
 * the plan showed; each seeder whose table is dropped is forgotten with it.
 */
export async function downgrade(
	deferred: Database,
	plan: DowngradePlan,
	source: MigrationSource = {},
	events: StepEvents = {},
	options: DowngradeOptions = {},
): Promise<RunResult & {status: MigrationStatus; forgotten: string[]}> {
	const database = await loaded(deferred);
	const {StepRunner} = await import('./step-runner.js');
	const {assertNoMoreRows, countDropsLocked} = await import('./dropped-rows.js');
	const {forgetSeedersOf} = await import('./seed-records.js');
	const steps = await loadSteps(plan.steps, source);
	let forgotten: string[] = [];
	const result = await new StepRunner(database, 'SequelizeMeta', migrationFiles(source), events).downTogether(plan.steps, {
		before: async transaction => {
			forgotten = [];
			if (!options.anyRows) {
				assertNoMoreRows(plan.drops, await countDropsLocked(database, steps, transaction));
			}
		},
		afterStep: async (step, transaction) => {
			forgotten.push(...(await forgetSeedersOf(database, step, transaction)));
		},
	});
	return {...result, forgotten, status: await migrationStatus(database, source)};
}
