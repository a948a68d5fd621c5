import {mkdirSync} from 'node:fs';
import path from 'node:path';
import repl from 'node:repl';
import {Op, Transaction} from 'sequelize';
import type {DatabaseLocation} from '../config.js';
import {dataDirectory} from '../config.js';
import {openDatabase} from '../db/connection.js';
import {assertOwnDatabase} from '../db/migrator.js';
import {Post, User} from '../db/models/index.js';

const banner = (where: string) => `microblog-tui shell on ${where}
In scope: sequelize, User, Post, Op, Transaction. Top-level await works, e.g.
  await User.findAll()     await u.getPosts()     await p.getAuthor()
.exit or Ctrl-D to leave.
`;

export async function runShell(location: DatabaseLocation): Promise<number> {
	const database = await openDatabase(location, {mode: 'existing'});
	try {
		await assertOwnDatabase(database);
	} catch (error) {
		await database.close();
		throw error;
	}
	const interactive = Boolean(process.stdin.isTTY);
	process.stdout.write(banner(location.display));
	const server = repl.start({
		prompt: 'microblog> ',
		useGlobal: false,
		ignoreUndefined: true,
		terminal: interactive,
		// Piped input: print results without colour codes.
		useColors: interactive && !process.env.NO_COLOR,
	});
	Object.assign(server.context, {sequelize: database.sequelize, User, Post, Op, Transaction, db: database});
	if (interactive) {
		const historyDirectory = dataDirectory();
		try {
			mkdirSync(historyDirectory, {recursive: true});
			server.setupHistory(path.join(historyDirectory, 'shell_history'), () => undefined);
		} catch {
			// No history is better than no shell.
		}
	}
	await new Promise<void>(resolve => {
		server.on('exit', resolve);
	});
	await database.close();
	return 0;
}
