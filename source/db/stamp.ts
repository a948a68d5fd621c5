import {QueryTypes} from 'sequelize';
import type {Transaction} from 'sequelize';
import {UserError} from '../errors.js';
import type {Database} from './connection.js';
import {loaded} from './deferred-database.js';
import {assertKnownMigration, assertNoUnknownMigration, migrationFiles, migrationStatus} from './migrator.js';
import type {MigrationSource, MigrationStatus} from './migrator.js';
import {migratedSchema} from './migrated-schema.js';
import {classifyDifferences} from './schema-check.js';
import type {Reader} from './reader.js';
import {introspectSchema} from './schema-introspect.js';
import {ensureRecordTable, removeRecord} from './step-record-writes.js';
import {takeRunnerLock} from './step-runner.js';
import {withWriteTransaction} from './write-transaction.js';

export type StampResult = {
	/** Recorded now, as applied without being run. */
	readonly recorded: string[];
	/** Records removed (stamping below them, or `base`). */
	readonly forgotten: string[];
	/** Looser forms of what the migrations make, accepted (schema-check.ts: adoptable). */
	readonly accepted: string[];
	readonly status: MigrationStatus;
};

/**
 * The record `--stamp NAME` leaves: every migration up to NAME, the optional ones other than NAME left out (as
 * `--migrate --to NAME` would have run them), and none after it.
 */
function stampedNames(status: MigrationStatus, to: string): string[] {
	if (to === 'base') {
		return [];
	}
	const last = status.migrations.findIndex(migration => migration.name === to);
	return status.migrations
		.slice(0, last + 1)
		.filter(migration => !migration.optional || migration.name === to || migration.applied)
		.map(migration => migration.name);
}

/**
 * Alembic's `stamp`: records migrations up to `to` as applied without running them (applied_at stays NULL: recorded,
 * never run here), or with `base` forgets every record. Only when the live schema holds everything those migrations
 * make, compared with what they make when run (migrated-schema.ts), restricted to that; else it changes nothing and
 * names each difference. The looser forms of an adopted schema (schema-check.ts) are accepted and listed. One write
 * transaction under the migration lock: the record and the schema are read where they are written.
 */
export async function stamp(deferred: Database, to: string, source: MigrationSource = {}): Promise<StampResult> {
	const database = await loaded(deferred);
	const files = migrationFiles(source);
	return withWriteTransaction(database, async transaction => {
		await takeRunnerLock(database, 'SequelizeMeta', transaction);
		const status = await migrationStatus(readerIn(database, transaction), source);
		assertNoUnknownMigration(database, status);
		if (to !== 'base') {
			assertKnownMigration(to, status);
		}
		const wanted = stampedNames(status, to);
		// An optional migration may exist to remove the looser forms (0007 does): stamping one accepts none of them.
		const strict = status.migrations.some(migration => migration.optional && wanted.includes(migration.name));
		const accepted = await checkSchema(database, files.filter(file => wanted.includes(file.name)), transaction, to, strict);
		await ensureRecordTable(database, 'SequelizeMeta', transaction);
		const applied = new Set(status.migrations.filter(migration => migration.applied).map(migration => migration.name));
		const recorded = wanted.filter(name => !applied.has(name));
		const forgotten = [...applied].filter(name => !wanted.includes(name));
		for (const name of recorded) {
			await database.sequelize.query('INSERT INTO "SequelizeMeta" (name, applied_at) VALUES (:name, NULL)', {replacements: {name}, transaction});
		}
		for (const name of forgotten) {
			await removeRecord(database, 'SequelizeMeta', name, transaction);
		}
		const after = await migrationStatus(readerIn(database, transaction), source);
		return {recorded, forgotten, accepted, status: after};
	});
}

/** The database's reads, inside the stamp's transaction (what the record holds is read where it is written). */
function readerIn(database: Database, transaction: Transaction): Reader {
	return {
		location: database.location,
		dialect: database.dialect,
		select: async <Row extends object>(sql: string) => database.sequelize.query<Row>(sql, {type: QueryTypes.SELECT, transaction}),
		close: async () => undefined,
	};
}

async function checkSchema(
	database: Database,
	files: Parameters<typeof migratedSchema>[1],
	transaction: Transaction,
	to: string,
	strict: boolean,
): Promise<string[]> {
	if (files.length === 0) {
		return [];
	}
	const expected = await migratedSchema(database, files, transaction);
	const live = await introspectSchema({sequelize: database.sequelize, dialect: database.dialect, transaction});
	const differences = classifyDifferences(expected, live, {extras: false});
	const refused = differences.filter(difference => strict || !difference.adoptable);
	if (refused.length > 0) {
		throw new UserError(
			[
				`cannot stamp ${database.location.display} at ${to}: its schema lacks what ${files.length === 1 ? 'that migration makes' : `those ${files.length} migrations make`}; nothing was changed:`,
				...refused.map(difference => `  ${difference.text}`),
			].join('\n'),
		);
	}
	return differences.map(difference => difference.text);
}
