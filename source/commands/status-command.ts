import type {DatabaseLocation} from '../config.js';
import {assertNoUnknownMigration, assertOwnDatabase, ownMigrationStatus} from '../db/migrator.js';
import {seederStatus} from '../db/seed-records.js';
import {print, withDatabase} from './with-database.js';

function formatTime(date: Date | undefined): string {
	if (!date) {
		return '';
	}
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
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
						unknown: status.unknown,
						migrations: status.migrations.map(migration => ({
							name: migration.name,
							applied: migration.applied,
							appliedAt: migration.appliedAt?.toISOString() ?? null,
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
			const state = migration.applied ? `applied  ${formatTime(migration.appliedAt)}` : 'pending';
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
		const {compareSchema} = await import('../db/schema-check.js');
		const differences = [
			...status.pending.map(name => `pending migration: ${name}`),
			...(await compareSchema(database)),
		];
		if (differences.length === 0) {
			print(`ok: ${location.display} is at ${status.current ?? 'base'} and matches the models`);
			return 0;
		}
		for (const difference of differences) {
			print(difference);
		}
		process.stderr.write(
			`microblog-tui: ${differences.length} difference${differences.length === 1 ? '' : 's'} between the database and the models\n`,
		);
		return 1;
	});
}
