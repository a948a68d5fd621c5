import type {DatabaseLocation} from '../config.js';
import {assertOwnDatabase} from '../db/migrator.js';
import {UsageError, UserError} from '../errors.js';
import {setPassword} from '../store/password-writes.js';
import {promptHidden} from './hidden-prompt.js';
import {print, withDatabase} from './with-database.js';

/**
 * `--set-password NAME`: a password for a user who has none (the Flask tutorial's users before its chapter 5, or rows
 * another program wrote) or who forgot theirs. Prompted twice on the terminal with no echo, never taken from an
 * argument or a pipe (it would be in the shell's history or `ps`); stored as our own hash in one transaction.
 */
export async function runSetPassword(location: DatabaseLocation, username: string): Promise<number> {
	if (!process.stdin.isTTY) {
		throw new UsageError('--set-password prompts for the password and needs a terminal; nothing changed');
	}
	return withDatabase(location, {mode: 'existing'}, async database => {
		const status = await assertOwnDatabase(database);
		if (status.pending.length > 0) {
			throw new UserError(`${location.display} has pending migrations (${status.pending.join(', ')}); run 'microblog-tui --migrate' first`);
		}
		const found = await database.select('SELECT id FROM "user" WHERE username = $1', {bind: [username]});
		if (found.length === 0) {
			throw new UserError(`no user named ${username}; nothing changed`);
		}
		const first = await promptHidden(`New password for ${username}: `);
		const second = await promptHidden('Repeat it: ');
		if (first !== second) {
			throw new UserError('the passwords do not match; nothing changed');
		}
		await setPassword(database, username, first);
		print(`password set for ${username}`);
		return 0;
	});
}
