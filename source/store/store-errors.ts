import {ValidationError} from 'sequelize';
import {UserError} from '../errors.js';

/** The first validation message of a Sequelize ValidationError, as a UserError; anything else unchanged. */
export function asUserError(error: unknown): unknown {
	if (error instanceof ValidationError && !(error.name === 'SequelizeUniqueConstraintError')) {
		return new UserError(error.errors[0]?.message ?? error.message);
	}
	return error;
}
