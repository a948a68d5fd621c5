import type {Database} from '../db/connection.js';
import {downgrade, migrationStatus, planDowngrade, upgrade} from '../db/migrator.js';

export {upgradeSteps} from '../db/migrator.js';
import type {DowngradePlan, MigrationStatus} from '../db/migrator.js';

export type PendingMigrations = {
	/** The newest applied migration, or null at base. */
	readonly current: string | null;
	readonly pending: readonly string[];
};

export async function pendingMigrations(database: Database): Promise<PendingMigrations> {
	const status = await migrationStatus(database);
	return {current: status.current, pending: status.pending};
}

/** Applies every pending migration; returns what is still pending (nothing, on success). */
export async function applyPendingMigrations(database: Database): Promise<PendingMigrations> {
	const result = await upgrade(database, undefined);
	return {current: result.status.current, pending: result.status.pending};
}

export type {MigrationState, MigrationStatus, DowngradePlan, TableDrop} from '../db/migrator.js';

/** Every migration with applied/pending, when it was applied, and the current one (what `--status` prints). */
export async function migrationsOverview(database: Database): Promise<MigrationStatus> {
	return migrationStatus(database);
}

/** Reports each migration as it starts, so a long run can show where it is. */
export type MigrationProgress = (name: string, direction: 'up' | 'down') => void;

/** Applies the pending migrations up to and including `name`. */
export async function upgradeTo(database: Database, name: string, onStart?: MigrationProgress): Promise<{ran: string[]; status: MigrationStatus}> {
	const result = await upgrade(database, name, {}, {onStart});
	return {ran: result.ran, status: result.status};
}

/**
 * What `D` on `name` would do, Alembic-style: revert everything newer so that
 * `name` is the newest applied (`base`: revert all), with every table it would
 * drop and its row count. The same plan `--downgrade --to` confirms.
 */
export async function planDowngradeTo(database: Database, name: string): Promise<DowngradePlan> {
	return planDowngrade(database, name);
}

export async function runDowngrade(database: Database, plan: DowngradePlan, onStart?: MigrationProgress): Promise<{ran: string[]; status: MigrationStatus}> {
	const result = await downgrade(database, plan, {}, {onStart});
	return {ran: result.ran, status: result.status};
}

export type MigrationSql = {readonly up: readonly string[]; readonly down: readonly string[]};

/** The statements a migration runs on this database's engine, each way, worked out without running them. */
export async function migrationSql(database: Database, name: string): Promise<MigrationSql> {
	// Only the migrations view needs the offline recorder: loaded on first use.
	const {migrationStatements} = await import('../db/offline-sql.js');
	const [up, down] = await Promise.all([
		migrationStatements(name, 'up', database.dialect),
		migrationStatements(name, 'down', database.dialect),
	]);
	return {up, down};
}
