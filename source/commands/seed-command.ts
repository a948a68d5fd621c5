import {UniqueConstraintError} from 'sequelize';
import type {DatabaseLocation} from '../config.js';
import {seed, unseed} from '../db/seeder.js';
import {UserError} from '../errors.js';
import {print, withDatabase} from './with-database.js';

export async function runSeed(location: DatabaseLocation, undo: boolean): Promise<number> {
	return withDatabase(location, {mode: 'existing'}, async database => {
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
