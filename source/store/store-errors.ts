import type {DatabaseLocation} from '../config.js';
import {describeDbError} from '../db/db-errors.js';
import {UserError} from '../errors.js';

/**
 * The first validation message of a Sequelize ValidationError, or a database failure the user can act on ("the disk
 * holding … is full", "… is locked by another process"), as a UserError naming the database; anything else unchanged.
 * Sequelize is imported here when needed: the UI's modules import the store's before Sequelize is loaded
 * (source/db/deferred-database.ts).
 */
export async function asUserError(error: unknown, location: DatabaseLocation): Promise<unknown> {
	if (error instanceof UserError) {
		return error;
	}
	const {ValidationError} = await import('sequelize');
	if (error instanceof ValidationError && !(error.name === 'SequelizeUniqueConstraintError')) {
		return new UserError(error.errors[0]?.message ?? error.message);
	}
	const described = describeDbError(error, location);
	return described === undefined ? error : new UserError(described, {cause: error});
}
