import type {DatabaseLocation} from '../config.js';
import {assertNoUnknownMigration, assertOwnDatabase, ownMigrationStatus} from '../db/migrator.js';
import type {MigrationState} from '../db/migrator.js';
import {seederStatus} from '../db/seed-records.js';
import {print, withDatabase} from './with-database.js';

/** The optional migration that tightens an adopted schema (migrations/0007-tighten-adopted-schema.ts). */
const tighten = '0007-tighten-adopted-schema';

function formatTime(date: Date | undefined): string {
	if (!date) {
		return '';
	}
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function migrationState(migration: MigrationState): string {
	if (migration.applied) {
		return migration.appliedAt ? `applied  ${formatTime(migration.appliedAt)}` : 'stamped  (recorded by --stamp, not run here)';
	}
	return migration.optional ? `optional (--migrate --to ${migration.name} runs it)` : 'pending';
}

export async function runStatus(location: DatabaseLocation, json: boolean): Promise<number> {
	return withDatabase(location, {mode: 'existing', access: 'read'}, async database => {
		// Another application's database is refused here too. One with a migration this version does not know is
		// listed, unknown steps marked, and then refused with the line every other command gives (exit 1).
		const status = await ownMigrationStatus(database);
		const seeding = await seederStatus(database);
		if (json) {
			print(
				JSON.stringify(
					{
						database: location.display,
						current: status.current,
						pending: status.pending,
						optional: status.optional,
						unknown: status.unknown,
						migrations: status.migrations.map(migration => ({
							name: migration.name,
							applied: migration.applied,
							appliedAt: migration.appliedAt?.toISOString() ?? null,
							// Recorded by --stamp: applied without running here, so no time.
							stamped: migration.applied && migration.appliedAt === undefined,
							optional: migration.optional,
							current: migration.current,
						})),
						seeders: seeding.seeders.map(seeder => ({
							name: seeder.name,
							applied: seeder.applied,
							appliedAt: seeder.appliedAt?.toISOString() ?? null,
						})),
						unknownSeeders: seeding.unknown,
					},
					null,
					2,
				),
			);
			assertNoUnknownMigration(database, status);
			return 0;
		}
		print(`database: ${location.display}`);
		const width = Math.max(...[...status.migrations, ...seeding.seeders].map(step => step.name.length), ...status.unknown.map(name => name.length), 4);
		for (const migration of status.migrations) {
			const mark = migration.current ? '>' : ' ';
			const state = migrationState(migration);
			print(`${mark} ${migration.name.padEnd(width)}  ${state}${migration.current ? '  (current)' : ''}`);
		}
		for (const name of status.unknown) {
			print(`? ${name.padEnd(width)}  applied, unknown to this version`);
		}
		const pending = status.pending.length;
		if (status.unknown.length === 0) {
			print(`current: ${status.current ?? 'base'}; ${pending === 0 ? 'up to date' : `${pending} pending`}`);
		}
		print('seeders:');
		for (const seeder of seeding.seeders) {
			print(`  ${seeder.name.padEnd(width)}  ${seeder.applied ? `applied  ${formatTime(seeder.appliedAt)}` : 'pending'}`);
		}
		for (const name of seeding.unknown) {
			print(`? ${name.padEnd(width)}  applied, unknown to this version`);
		}
		assertNoUnknownMigration(database, status);
		return 0;
	});
}

export async function runCheck(location: DatabaseLocation): Promise<number> {
	return withDatabase(location, {mode: 'existing', access: 'read'}, async database => {
		const status = await assertOwnDatabase(database);
		const {classifySchema} = await import('../db/schema-check.js');
		// A stamped record (applied_at NULL) means the schema was adopted, not made here: its looser forms are known.
		const adopted = status.migrations.some(migration => migration.applied && migration.appliedAt === undefined);
		const schema = await classifySchema(database);
		const known = adopted ? schema.filter(difference => difference.adoptable).map(difference => difference.text) : [];
		const differences = [
			...status.pending.map(name => `pending migration: ${name}`),
			...schema.filter(difference => !known.includes(difference.text)).map(difference => difference.text),
		];
		const at = `${location.display} is at ${status.current ?? 'base'}`;
		if (differences.length === 0 && known.length === 0) {
			print(`ok: ${at} and matches the models`);
			return 0;
		}
		if (differences.length === 0) {
			print(`ok: ${at} and matches the models, apart from ${known.length} known difference${known.length === 1 ? '' : 's'} of an adopted schema:`);
			for (const difference of known) {
				print(`  ${difference}`);
			}
			if (status.optional.includes(tighten)) {
				print(`(microblog-tui --migrate --to ${tighten} removes them where the rows allow)`);
			}
			return 0;
		}
		for (const difference of differences) {
			print(difference);
		}
		for (const difference of known) {
			print(`${difference} (known difference of an adopted schema)`);
		}
		process.stderr.write(
			`microblog-tui: ${differences.length} difference${differences.length === 1 ? '' : 's'} between the database and the models\n`,
		);
		return 1;
	});
}
