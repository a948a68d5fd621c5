import type {EventEmitter} from 'node:events';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import repl from 'node:repl';
import {Op, Transaction} from 'sequelize';
import type {DatabaseLocation} from '../config.js';
import {dataDirectory} from '../config.js';
import {openDatabase} from '../db/connection.js';
import {assertOwnDatabase} from '../db/migrator.js';
import {Post, User} from '../db/models/index.js';
import {shellWriter} from './shell-writer.js';
import {statementLogger} from './statement-log.js';

const banner = (where: string) => `microblog-tui shell on ${where}
In scope: sequelize, User, Post, Op, Transaction. Top-level await works, e.g.
  await User.findAll()     await u.getPosts()     await p.getAuthor()
.exit or Ctrl-D to leave.
`;

/**
 * Piped input reaches the REPL faster than awaited lines finish, and the REPL
 * would run them side by side and exit at end of input mid-query. Handing the
 * REPL one line at a time, each once the one before has finished, runs a
 * script as a person typing would — a statement spread over several lines
 * too, since the REPL joins a line to the unfinished one before it only when
 * that one has been evaluated first.
 *
 * An evaluation ends in one of two ways. Normally the REPL's eval calls its
 * callback. But when a line throws, or its awaited promise rejects, Node's
 * default eval (Node 20 lib/repl.js, defaultEval) sees `process.domain` set —
 * REPLServer.eval is bound to the REPL's domain, and the domain follows the
 * promise — so it emits the error on that domain, which prints `Uncaught …`
 * and shows the prompt, and never calls the callback. Waiting on the callback
 * alone left every later line queued for ever; at end of input the REPL
 * exited, `drained` never settled, and Node ended on the unsettled top-level
 * await with exit code 13. So an error on the domain ends the evaluation too.
 */
function serialiseLines(server: repl.REPLServer): () => Promise<void> {
	type Running = {started: boolean; end: () => void};
	// One line at a time, so whatever ends an evaluation belongs to this one.
	let running: Running | undefined;
	const evaluate = server.eval.bind(server);
	const evaluateOneLine: repl.REPLEval = (code, context, file, callback) => {
		const line = running;
		if (line) {
			line.started = true;
		}
		evaluate(code, context, file, (error, result) => {
			callback(error, result);
			line?.end();
		});
	};
	// REPLServer.eval is read-only in the typings but is the documented hook point.
	(server as {eval: repl.REPLEval}).eval = evaluateOneLine;
	// `_domain` is internal to node:repl (Node 20 has no public hook for errors it reports itself).
	const {_domain: domain} = server as unknown as {_domain?: EventEmitter};
	domain?.on('error', () => {
		running?.end();
	});

	const replLineListeners = server.listeners('line') as Array<(line: string) => void>;
	server.removeAllListeners('line');
	let queue: Promise<void> = Promise.resolve();
	// `.exit` in a script ends it there, as it would for a person; end of input runs what is queued.
	let exited = false;
	server.defineCommand('exit', {
		help: 'Exit the REPL',
		action() {
			exited = true;
			this.close();
		},
	});
	server.on('line', (text: string) => {
		queue = queue.then(
			async () =>
				new Promise<void>(resolve => {
					if (exited) {
						resolve();
						return;
					}
					const line: Running = {
						started: false,
						end() {
							if (running === line) {
								running = undefined;
							}
							resolve();
						},
					};
					running = line;
					for (const listener of replLineListeners) {
						listener.call(server, text);
					}
					// REPL commands (.help, .editor …) and lines it keeps for later evaluate nothing.
					if (!line.started) {
						line.end();
					}
				}),
		);
	});
	return async () => queue;
}

export async function runShell(location: DatabaseLocation, options: {sql?: boolean} = {}): Promise<number> {
	const database = await openDatabase(location, options.sql ? {mode: 'existing', logging: statementLogger()} : {mode: 'existing'});
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
		writer: shellWriter({colors: interactive && !process.env.NO_COLOR}),
	});
	const drained = serialiseLines(server);
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
	await drained();
	await database.close();
	return 0;
}
