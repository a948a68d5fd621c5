import type {Database} from '../db/connection.js';
import {describeDbError} from '../db/db-errors.js';
import {UserError, firstLine} from '../errors.js';

/**
 * Why a read of the database failed, as one line for the status line or a view: "PostgreSQL at host:port does not
 * answer (connection refused)" rather than the driver's "connect ECONNREFUSED …".
 */
export function readProblem(database: Database, error: unknown): string {
	if (error instanceof UserError) {
		return error.message;
	}
	return describeDbError(error, database.location) ?? `error: ${firstLine(error)}`;
}
