import type {Database} from '../db/connection.js';
import {migrationStatus, upgrade} from '../db/migrator.js';

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
