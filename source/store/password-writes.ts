import type {Database} from '../db/connection.js';
import {loaded} from '../db/deferred-database.js';
import {UserError} from '../errors.js';
import {minPasswordLength} from './accounts.js';
import {hashPassword} from './password.js';
import {asUserError} from './store-errors.js';

async function writeModules(database: Database) {
	const [{withWriteTransaction}, {QueryTypes}, withModels] = await Promise.all([
		import('../db/write-transaction.js'),
		import('sequelize'),
		loaded(database),
	]);
	return {withWriteTransaction, QueryTypes, database: withModels};
}

/**
 * After a sign-in with a hash another program wrote (Werkzeug's), stores the password in our own format. Hashed
 * before the transaction (~0.7 s), so the write lock is held for one UPDATE, which changes the row only if it still
 * holds the hash that was verified: a password another program set meanwhile is left alone. True when rewritten.
 */
export async function replaceForeignHash(database: Database, userId: number, verifiedHash: string, password: string): Promise<boolean> {
	const newHash = await hashPassword(password);
	const {withWriteTransaction, QueryTypes, database: withModels} = await writeModules(database);
	return withWriteTransaction(withModels, async transaction => {
		const changed = await withModels.sequelize.query('UPDATE "user" SET password_hash = $1 WHERE id = $2 AND password_hash = $3 RETURNING id', {
			type: QueryTypes.SELECT,
			bind: [newHash, userId, verifiedHash],
			transaction,
		});
		return changed.length === 1;
	});
}

/** `--set-password`: gives the user `username` a new password (in our format), in one transaction. */
export async function setPassword(database: Database, username: string, password: string): Promise<void> {
	if ([...password].length < minPasswordLength) {
		throw new UserError(`password must be at least ${minPasswordLength} characters; nothing changed`);
	}
	const newHash = await hashPassword(password);
	const {withWriteTransaction, QueryTypes, database: withModels} = await writeModules(database);
	let changed: unknown[];
	try {
		changed = await withWriteTransaction(withModels, async transaction =>
			withModels.sequelize.query('UPDATE "user" SET password_hash = $1 WHERE username = $2 RETURNING id', {
				type: QueryTypes.SELECT,
				bind: [newHash, username],
				transaction,
			}),
		);
	} catch (error) {
		throw await asUserError(error, database.location);
	}
	if (changed.length !== 1) {
		throw new UserError(`no user named ${username}; nothing changed`);
	}
}
