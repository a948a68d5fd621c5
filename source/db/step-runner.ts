import {pathToFileURL} from 'node:url';
import {QueryTypes, Sequelize} from 'sequelize';
import type {Transaction} from 'sequelize';
import {Umzug} from 'umzug';
import {UserError, firstLine} from '../errors.js';
import {importModule} from '../import-module.js';
import type {Database} from './connection.js';
import {describeDbError} from './db-errors.js';
import type {StepContext, StepModule} from './migration-context.js';
import {addRecord, ensureRecordTable, isRecorded, removeRecord} from './step-record-writes.js';
import {readRecords} from './step-records.js';
import type {RecordTable, StepFile} from './step-records.js';
import {withWriteTransaction} from './write-transaction.js';

export type RunResult = {
	/** Steps this process ran. */
	readonly ran: string[];
	/** Steps another process ran between our planning and our turn at the lock. */
	readonly skipped: string[];
};

/** What a downgrade run as one transaction checks first and does after each step (source/db/migrator.ts). */
export type TogetherHooks = {
	/** Runs first, holding the runner lock: throwing stops the run with nothing changed. */
	before?: (transaction: Transaction) => Promise<void>;
	afterStep?: (step: StepModule, transaction: Transaction) => Promise<void>;
};

type SharedTransaction = TogetherHooks & {transaction: Transaction; done: Array<() => void>};

export type StepEvents = {
	onStart?: (name: string, direction: 'up' | 'down') => void;
	onDone?: (name: string, direction: 'up' | 'down', ms: number) => void;
};

/**
 * The built step files resolve `sequelize` to this copy (scripts/build.mjs): one
 * copy for the CLI and its steps, or `Sequelize.literal` from a step is not
 * recognised by the CLI's query generator. Run from source, the steps import
 * node_modules' copy, which is this one too.
 */
const sequelizeKey = Symbol.for('microblog-tui.sequelize');

export async function loadStep(file: StepFile): Promise<StepModule> {
	(globalThis as Record<symbol, unknown>)[sequelizeKey] ??= Sequelize;
	const module = (await importModule(pathToFileURL(file.path).href)) as Partial<StepModule>;
	if (typeof module.up !== 'function' || typeof module.down !== 'function') {
		throw new Error(`${file.name} must export up and down functions`);
	}
	return module as StepModule;
}

/** Serialises runners on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock. */
export async function takeRunnerLock(database: Database, table: RecordTable, transaction: Transaction): Promise<void> {
	if (database.dialect === 'postgres') {
		await database.sequelize.query('SELECT pg_advisory_xact_lock(hashtext(:key))', {
			replacements: {key: `microblog-tui:${table}`},
			type: QueryTypes.SELECT,
			transaction,
		});
	}
}

/**
 * Runs steps (migrations or seeders) through Umzug. Each step, and the row
 * that records it, commit in one transaction: a step that fails half-way
 * leaves neither its changes nor its record. Inside that transaction the
 * record is checked again, so two runners started together never apply a
 * step twice.
 */
export class StepRunner {
	readonly #database: Database;
	readonly #table: RecordTable;
	readonly #files: readonly StepFile[];
	readonly #events: StepEvents;

	constructor(database: Database, table: RecordTable, files: readonly StepFile[], events: StepEvents = {}) {
		this.#database = database;
		this.#table = table;
		this.#files = files;
		this.#events = events;
	}

	/**
	 * `shared`: the transaction every step runs in (a downgrade that must be all or nothing); each
	 * step's own transaction otherwise. With a shared one, onDone waits for its commit (`done`).
	 */
	#umzug(result: RunResult, shared?: SharedTransaction): Umzug<StepContext> {
		const database = this.#database;
		const table = this.#table;
		const events = this.#events;
		const apply = async (step: StepModule, file: StepFile, direction: 'up' | 'down', transaction: Transaction) => {
			const recorded = await isRecorded(database, table, file.name, transaction);
			if (recorded === (direction === 'up')) {
				return false;
			}
			const context: StepContext = {
				queryInterface: database.sequelize.getQueryInterface(),
				sequelize: database.sequelize,
				transaction,
				dialect: database.dialect,
			};
			await step[direction]({context});
			await (direction === 'up'
				? addRecord(database, table, file.name, transaction)
				: removeRecord(database, table, file.name, transaction));
			await shared?.afterStep?.(step, transaction);
			return true;
		};
		const run = async (file: StepFile, direction: 'up' | 'down') => {
			const step = await loadStep(file);
			const started = performance.now();
			events.onStart?.(file.name, direction);
			const didRun = shared
				? await apply(step, file, direction, shared.transaction)
				: await withWriteTransaction(database, async transaction => {
						await takeRunnerLock(database, table, transaction);
						await ensureRecordTable(database, table, transaction);
						return apply(step, file, direction, transaction);
					});
			(didRun ? result.ran : result.skipped).push(file.name);
			if (didRun) {
				const ms = performance.now() - started;
				const done = () => events.onDone?.(file.name, direction, ms);
				if (shared) {
					shared.done.push(done);
				} else {
					done();
				}
			}
		};
		return new Umzug<StepContext>({
			migrations: this.#files.map(file => ({
				name: file.name,
				path: file.path,
				up: async () => run(file, 'up'),
				down: async () => run(file, 'down'),
			})),
			// Recording happens inside each step's transaction (above), so Umzug's own log calls do nothing.
			storage: {
				executed: async () => (await readRecords(database, table)).map(record => record.name),
				logMigration: async () => undefined,
				unlogMigration: async () => undefined,
			},
			logger: undefined,
		});
	}

	/** Applies those of these steps that are pending, in the order given. */
	async up(names: readonly string[]): Promise<RunResult> {
		const result: RunResult = {ran: [], skipped: []};
		if (names.length > 0) {
			await this.#explain(this.#umzug(result).up({migrations: [...names], rerun: 'SKIP'}));
		}
		return result;
	}

	/** Reverts exactly these steps, in the order given (newest first). */
	async down(names: readonly string[]): Promise<RunResult> {
		const result: RunResult = {ran: [], skipped: []};
		if (names.length > 0) {
			await this.#explain(this.#umzug(result).down({migrations: [...names], rerun: 'SKIP'}));
		}
		return result;
	}

	/**
	 * Reverts exactly these steps, newest first, all in one transaction: all of them or, when a step
	 * or `hooks.before` fails, none. onDone is reported once the transaction has committed.
	 */
	async downTogether(names: readonly string[], hooks: TogetherHooks = {}): Promise<RunResult> {
		if (names.length === 0) {
			return {ran: [], skipped: []};
		}
		const database = this.#database;
		let attempt = {result: {ran: [], skipped: []} as RunResult, done: [] as Array<() => void>};
		await this.#explain(
			withWriteTransaction(database, async transaction => {
				// A retried attempt (SQLITE_BUSY) starts again from nothing.
				attempt = {result: {ran: [], skipped: []}, done: []};
				await takeRunnerLock(database, this.#table, transaction);
				await ensureRecordTable(database, this.#table, transaction);
				await hooks.before?.(transaction);
				await this.#umzug(attempt.result, {...hooks, transaction, done: attempt.done}).down({migrations: [...names], rerun: 'SKIP'});
			}),
		);
		const {result, done} = attempt;
		for (const report of done) {
			report();
		}
		return result;
	}

	/** Umzug wraps failures in MigrationError; turn them into one line that names the step and the cause. */
	async #explain(work: Promise<unknown>): Promise<void> {
		try {
			await work;
		} catch (error) {
			const cause = (error as {cause?: unknown}).cause ?? error;
			if (cause instanceof UserError) {
				throw cause;
			}
			// A built step file bundles its own copy of UserError, so instanceof misses a step's refusal.
			if (cause instanceof Error && cause.name === 'UserError') {
				throw new UserError(cause.message, {cause});
			}
			const described = describeDbError(cause, this.#database.location);
			const step = (error as {migration?: {name?: string}}).migration?.name;
			const prefix = step ? `${step} failed: ` : '';
			throw new UserError(`${prefix}${described ?? firstLine(cause)}; nothing of it was kept`, {cause});
		}
	}
}
