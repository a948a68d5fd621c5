import {UserError} from '../errors.js';

/**
 * The first validation message of a Sequelize ValidationError, as a UserError; anything else unchanged. Sequelize is
 * imported here when needed: the UI's modules import the store's before Sequelize is loaded (source/db/deferred-database.ts).
 */
export async function asUserError(error: unknown): Promise<unknown> {
	const {ValidationError} = await import('sequelize');
	if (error instanceof ValidationError && !(error.name === 'SequelizeUniqueConstraintError')) {
		return new UserError(error.errors[0]?.message ?? error.message);
	}
	return error;
}
