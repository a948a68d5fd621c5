import {UniqueConstraintError} from 'sequelize';
import type {DatabaseLocation} from '../config.js';
import {assertOwnDatabase, upgrade} from '../db/migrator.js';
import {seed, unseed} from '../db/seeder.js';
import {UserError} from '../errors.js';
import {print, withDatabase} from './with-database.js';

export async function runSeed(location: DatabaseLocation, undo: boolean): Promise<number> {
	// The default database is created and migrated on first use, as the TUI does on its first start,
	// so `microblog-tui --seed` works right after installing; a --database path is never created.
	const firstUse = location.isDefault && !undo;
	return withDatabase(location, {mode: firstUse ? 'create' : 'existing'}, async database => {
		if (firstUse && (await assertOwnDatabase(database)).empty) {
			await upgrade(database, undefined, {}, {onDone: name => print(`applied  ${name}`)});
		}
		try {
			const result = undo
				? await unseed(database, {onDone: name => print(`reverted ${name}`)})
				: await seed(database, {onDone: name => print(`seeded   ${name}`)});
			if (result.ran.length === 0) {
				print(undo ? 'nothing to undo: no seeder is applied' : 'nothing to seed: every seeder is applied');
			}
			return 0;
		} catch (error) {
			// The seeder's transaction rolled back: say why in one line.
			const cause = (error as {cause?: unknown}).cause ?? error;
			if (cause instanceof UniqueConstraintError) {
				throw new UserError('seeding failed: a demo user name or email already exists; nothing was written', {cause});
			}
			throw cause instanceof Error && !(error instanceof UserError) ? cause : error;
		}
	});
}
