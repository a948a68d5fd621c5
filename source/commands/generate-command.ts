import type {Command} from '../cli-args.js';
import type {DatabaseLocation} from '../config.js';
import {assertOwnDatabase} from '../db/migrator.js';
import {UserError} from '../errors.js';
import {generate} from '../generate/generate.js';
import {hashPassword} from '../store/password.js';
import {print, withDatabase} from './with-database.js';

type GenerateCommand = Extract<Command, {kind: 'generate'}>;

/** The password of every generated user, documented in README. */
export const generatedPassword = 'microblog-demo';

function progressBar(fraction: number, width = 30): string {
	const filled = Math.round(fraction * width);
	return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

export async function runGenerate(location: DatabaseLocation, command: GenerateCommand): Promise<number> {
	// The bulk load checks each batch's authors itself (insertPosts), which is far cheaper than SQLite enforcing them row by row.
	return withDatabase(location, {mode: 'existing', enforceForeignKeys: false}, async database => {
		const status = await assertOwnDatabase(database);
		if (status.pending.length > 0 || status.current === null) {
			throw new UserError(
				`${location.display} is not migrated (${status.pending.length} pending); run 'microblog-tui --migrate' first`,
			);
		}
		const showProgress = Boolean(process.stderr.isTTY);
		const total = command.users + command.posts;
		// One scrypt hash (~0.7 s) shared by every generated user.
		const passwordHash = command.users > 0 ? await hashPassword(generatedPassword) : null;
		const result = await generate(database, {
			users: command.users,
			posts: command.posts,
			passwordHash,
			onProgress: showProgress
				? done => {
						const finished = done.users + done.posts;
						process.stderr.write(
							`\r${progressBar(total === 0 ? 1 : finished / total)} ${done.users.toLocaleString('en-US')} users, ${done.posts.toLocaleString('en-US')} posts`,
						);
					}
				: undefined,
		});
		if (showProgress) {
			process.stderr.write('\n');
		}
		const seconds = result.ms / 1000;
		const rate = seconds > 0 ? Math.round(result.posts / seconds).toLocaleString('en-US') : '-';
		print(
			`generated ${result.users.toLocaleString('en-US')} users and ${result.posts.toLocaleString('en-US')} posts in ${seconds.toFixed(1)} s (${rate} posts/s)`,
		);
		return 0;
	});
}
