import type {Transaction, UniqueConstraintError} from 'sequelize';
import type {Database} from '../db/connection.js';
import {loaded} from '../db/deferred-database.js';
import {maxEmailLength, usernamePattern} from '../db/models/user-rules.js';
import {UserError} from '../errors.js';
import {placeholders} from '../text/placeholders.js';
import {hashPassword, isWerkzeugHash, verifyPassword} from './password.js';
import {unstorable} from './typed-text.js';
import {asUserError} from './store-errors.js';

export type Account = {readonly id: number; readonly username: string; readonly email: string};

export type NewAccount = {readonly username: string; readonly email: string; readonly password: string};

export const minPasswordLength = 8;

/** Same pattern Sequelize's isEmail accepts in practice, checked early for a clear message; no control characters (NUL). */
const emailPattern = /^[^\s@\u0000-\u001F\u007F]+@[^\s@\u0000-\u001F\u007F]+\.[^\s@\u0000-\u001F\u007F]+$/;

export function accountProblem(account: NewAccount): string | undefined {
	if (!usernamePattern.test(account.username)) {
		return 'username must be 1-64 letters, digits, _ . or -';
	}
	if (account.email.length > maxEmailLength) {
		return `email must be at most ${maxEmailLength} characters`;
	}
	if (!emailPattern.test(account.email)) {
		return 'email is not a valid address';
	}
	if ([...account.password].length < minPasswordLength) {
		return `password must be at least ${minPasswordLength} characters`;
	}
	return undefined;
}

function duplicateMessage(error: UniqueConstraintError): string {
	const text = `${error.message} ${JSON.stringify(error.fields)} ${String(error.parent?.message ?? '')}`;
	return /email/i.test(text) ? 'that email is already registered' : 'that username is taken';
}

/**
 * Registers a user. The password is hashed before the transaction opens (it
 * takes ~0.7 s), so the write lock is held only for the checks and the insert.
 */
export async function createUser(database: Database, account: NewAccount): Promise<Account> {
	const problem = accountProblem(account);
	if (problem) {
		throw new UserError(problem);
	}
	const passwordHash = await hashPassword(account.password);
	const [{User}, {withWriteTransaction}, {UniqueConstraintError, QueryTypes}, withModels] = await Promise.all([
		import('../db/models/index.js'),
		import('../db/write-transaction.js'),
		import('sequelize'),
		loaded(database),
	]);
	// Bound, not through a model finder: Sequelize writes a finder's values into its SQL (its INSERT binds them).
	// Regardless of case, as the unique indexes on lower() (migration 0006) hold it; they also catch a racing writer.
	const taken = async (column: 'username' | 'email', value: string, transaction: Transaction) =>
		(await withModels.sequelize.query(`SELECT id FROM "user" WHERE lower(${column}) = lower($1) LIMIT 1`, {type: QueryTypes.SELECT, bind: [value], transaction})).length > 0;
	try {
		return await withWriteTransaction(withModels, async transaction => {
			if (await taken('username', account.username, transaction)) {
				throw new UserError('that username is taken');
			}
			if (await taken('email', account.email, transaction)) {
				throw new UserError('that email is already registered');
			}
			const user = await User.create(
				{username: account.username, email: account.email, password_hash: passwordHash},
				{transaction},
			);
			return {id: user.id, username: user.username, email: user.email};
		});
	} catch (error) {
		if (error instanceof UniqueConstraintError) {
			throw new UserError(duplicateMessage(error));
		}
		throw await asUserError(error, database.location);
	}
}

export const signInFailure = 'wrong username or password';

export const noUsernameSignIn = 'a user without a username cannot sign in: give them one in SQL first (see docs/tui.md)';

export function noPasswordYet(username: string): string {
	return `${username} has no password yet: run microblog-tui --set-password ${username}`;
}

/**
 * A Werkzeug hash (the Flask tutorial's) that just verified is stored again in our format (password-writes.ts). A
 * database that refuses the write (read-only) does not undo the sign-in: the Werkzeug hash stays, and still works.
 */
async function upgradeForeignHash(database: Database, userId: number, verifiedHash: string, password: string): Promise<void> {
	const {replaceForeignHash} = await import('./password-writes.js');
	await replaceForeignHash(database, userId, verifiedHash, password).catch(() => false);
}

/**
 * The row `typed` names, in any case (served by ix_user_username_lower). A database not yet at 0006 may hold `john`
 * and `JOHN`: there the exact spelling wins, and a third spelling names nobody rather than a guess.
 */
function named<Row extends {username: string}>(rows: readonly Row[], typed: string): Row | undefined {
	return rows.find(row => row.username === typed) ?? (rows.length === 1 ? rows[0] : undefined);
}

/** The account when the password matches; the same error, after the same work, whether or not the user exists. */
export async function signIn(database: Database, username: string, password: string): Promise<Account> {
	const user = unstorable(database.dialect, username)
		? undefined
		: named(
				await database.select<Account & {password_hash: string | null}>(
					'SELECT id, username, email, password_hash FROM "user" WHERE lower(username) = lower($1) ORDER BY id',
					{bind: [username]},
				),
				username,
			);
	const ok = await verifyPassword(password, user?.password_hash);
	if (!user && username === placeholders.username) {
		// What the lists show for a user whose username is NULL (an adopted database): no name, nothing to sign in with.
		// Only when no user is named so: a foreign program's user called `(no name)` signs in as anyone does.
		throw new UserError(noUsernameSignIn);
	}
	if (user && !user.password_hash) {
		// Said only after the same work as a wrong password; the Users view lists every name anyway.
		throw new UserError(noPasswordYet(user.username));
	}
	if (!user || !ok) {
		throw new UserError(signInFailure);
	}
	if (isWerkzeugHash(user.password_hash!)) {
		await upgradeForeignHash(database, Number(user.id), user.password_hash!, password);
	}
	return {id: Number(user.id), username: user.username, email: user.email};
}

/**
 * The signed-in account is still the same row: a downgrade past the user
 * table and an upgrade back leave an empty table, or a new user under the old id.
 */
export async function accountStillExists(database: Database, account: Account): Promise<boolean> {
	const rows = await database.select('SELECT id FROM "user" WHERE id = $1 AND username = $2', {bind: [account.id, account.username]});
	return rows.length > 0;
}
