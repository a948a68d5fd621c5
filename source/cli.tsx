#!/usr/bin/env node
import meow from 'meow';
import packageJson from '../package.json' with {type: 'json'};
import {commandFromFlags} from './cli-args.js';
import {captureConsole, formatConsoleLine} from './console-capture.js';
import type {Command} from './cli-args.js';
import {resolveDatabase} from './config.js';
import {UsageError, UserError} from './errors.js';
import {reportError} from './commands/report-error.js';

const help = `
  A keyboard-driven terminal microblog over SQLite or PostgreSQL.

  Usage
    $ microblog-tui                          open the TUI
    $ microblog-tui --migrate [--to NAME]    upgrade to the newest (or to NAME) and exit
    $ microblog-tui --downgrade [--to NAME|base] [--yes]
                                             revert the newest migration
    $ microblog-tui --migrate --sql [--from NAME] [--to NAME]
    $ microblog-tui --downgrade --sql [--from NAME] [--to NAME|base]
                                             print the SQL instead of running it
    $ microblog-tui --status [--json]        every migration, applied or pending
    $ microblog-tui --check                  exit 1 when migrations are pending or the
                                             schema differs from the models
    $ microblog-tui --seed [--undo]          apply (or revert) the demo users and posts
    $ microblog-tui --shell [--sql]          a Node REPL with sequelize, User, Post, Op
    $ microblog-tui --list posts|users [--sort timestamp|username] [--reverse]
                    [--limit N] [--json] [--sql]
                                             print a listing without the TUI
    $ microblog-tui --generate [--users N] [--posts M]
                                             add synthetic users and posts (for scale tests)
    $ microblog-tui --set-password NAME      give NAME a password (prompted twice, no echo)
    $ microblog-tui --stamp NAME|base        record migrations up to NAME as applied without
                                             running them (the schema must hold what they make)

  Options
    -d, --database <path|url>  SQLite file path, sqlite: or postgres:// URL
                               (else $DATABASE_URL, else the default file)
    -u, --user NAME            open the TUI with the sign-in form filled in
    --to NAME                  --migrate: stop after NAME; --downgrade: revert until
                               NAME is the newest applied (base = all)
    -y, --yes                  --downgrade: allow dropping tables that hold rows
    --sql                      --migrate/--downgrade: print the SQL, connecting to nothing
                               (only the engine of --database matters); --list/--shell:
                               print each statement and its duration to stderr
    --from NAME                --migrate --sql/--downgrade --sql: where the script starts
                               (upgrades start at base, downgrades at the newest)
    --json                     --status/--list: JSON, for scripts
    --undo                     --seed: revert the demo users and posts
    --sort timestamp|username  --list: posts newest first or by author; users A-Z or
                               most recent poster first
    --reverse                  --list: the other way round
    --limit N                  --list: how many rows (default 20)
    --users N, --posts M       --generate: how many (default 100 and 1,000)
    --color, --no-color        TUI colours: on (the default) or off (NO_COLOR=1 is off too)
    --help, --version          this text; the version

  Default database: $XDG_DATA_HOME/microblog-tui/app.db
                    (else ~/.local/share/microblog-tui/app.db)
  Exit codes: 0 ok, 1 failure, 2 bad usage.
`;

async function run(command: Command, databaseFlag: string | undefined, color: boolean): Promise<number> {
	const location = resolveDatabase(databaseFlag);
	switch (command.kind) {
		case 'tui': {
			const {runTuiCommand} = await import('./commands/tui-command.js');
			return runTuiCommand(location, {user: command.user, color});
		}
		case 'migrate': {
			const {runMigrate} = await import('./commands/migrate-command.js');
			return runMigrate(location, command.to);
		}
		case 'downgrade': {
			const {runDowngrade} = await import('./commands/migrate-command.js');
			return runDowngrade(location, command.to, command.yes);
		}
		case 'status': {
			const {runStatus} = await import('./commands/status-command.js');
			return runStatus(location, command.json);
		}
		case 'check': {
			const {runCheck} = await import('./commands/status-command.js');
			return runCheck(location);
		}
		case 'seed': {
			const {runSeed} = await import('./commands/seed-command.js');
			return runSeed(location, command.undo);
		}
		case 'offline-sql': {
			const {runOfflineSql} = await import('./commands/offline-sql-command.js');
			return runOfflineSql(location, command);
		}
		case 'shell': {
			const {runShell} = await import('./commands/shell-command.js');
			return runShell(location, {sql: command.sql});
		}
		case 'list': {
			const {runList} = await import('./commands/list-command.js');
			return runList(location, command);
		}
		case 'generate': {
			const {runGenerate} = await import('./commands/generate-command.js');
			return runGenerate(location, command);
		}
		case 'set-password': {
			const {runSetPassword} = await import('./commands/set-password-command.js');
			return runSetPassword(location, command.username);
		}
		case 'stamp': {
			const {runStamp} = await import('./commands/stamp-command.js');
			return runStamp(location, command.to);
		}
	}
}

const knownFlags = new Set([
	'database', 'd', 'migrate', 'downgrade', 'to', 'status', 'json', 'check', 'seed', 'undo', 'shell', 'list', 'sort',
	'reverse', 'limit', 'yes', 'y', 'user', 'u', 'color', 'help', 'version', 'generate', 'users', 'posts', 'sql', 'from',
	'setPassword', 'stamp',
]);

/** An unknown flag as it was typed (`-x`, `--frob`, `--no-frob`): meow reports only its camel-cased name. */
function typedFlag(name: string, argv: readonly string[]): string {
	const long = name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
	for (const arg of argv) {
		if (arg === '--') {
			break;
		}
		const spelled = arg.split('=')[0]!;
		if (spelled === `--${long}` || spelled === `--no-${long}`) {
			return spelled;
		}
		if (name.length === 1 && /^-[^-]/.test(spelled) && spelled.includes(name)) {
			return `-${name}`;
		}
	}
	return `--${long}`;
}

function parseArguments() {
	try {
		return meow(help, {
			importMeta: import.meta,
			// Given, not searched for: reading and normalising package.json cost ~30 ms per start; the
			// bundle carries these three fields.
			pkg: {name: packageJson.name, version: packageJson.version, description: packageJson.description},
			// The help text opens with its own line: meow would print package.json's description above it as well.
			description: false,
			// Unknown flags are reported below in one line, instead of meow's two.
			allowUnknownFlags: true,
			flags: {
				database: {type: 'string', shortFlag: 'd'},
				migrate: {type: 'boolean', default: false},
				downgrade: {type: 'boolean', default: false},
				to: {type: 'string'},
				from: {type: 'string'},
				sql: {type: 'boolean', default: false},
				status: {type: 'boolean', default: false},
				json: {type: 'boolean', default: false},
				check: {type: 'boolean', default: false},
				seed: {type: 'boolean', default: false},
				undo: {type: 'boolean', default: false},
				shell: {type: 'boolean', default: false},
				list: {type: 'string'},
				sort: {type: 'string'},
				reverse: {type: 'boolean', default: false},
				limit: {type: 'string'},
				yes: {type: 'boolean', default: false, shortFlag: 'y'},
				user: {type: 'string', shortFlag: 'u'},
				color: {type: 'boolean', default: true},
				generate: {type: 'boolean', default: false},
				users: {type: 'string'},
				posts: {type: 'string'},
				setPassword: {type: 'string'},
				stamp: {type: 'string'},
			},
		});
	} catch (error) {
		// meow throws on some malformed lines (a flag given twice): that is bad usage, not a crash.
		throw new UsageError(error instanceof Error ? error.message.replace(/^The flag/, 'the flag') : String(error));
	}
}

async function main(): Promise<void> {
	try {
		const cli = parseArguments();
		const unknown = Object.keys(cli.flags).filter(flag => !knownFlags.has(flag));
		if (unknown.length > 0) {
			throw new UsageError(`unknown flag ${typedFlag(unknown[0]!, process.argv.slice(2))} (see --help)`);
		}
		const command = commandFromFlags(cli.flags, cli.input);
		const color = cli.flags.color && !process.env.NO_COLOR;
		// What libraries print with console.* (Sequelize's "Committing transaction … failed … We are killing its
		// connection" on a full disk, Node's deprecation warnings) would make a one-line error two: shown only with
		// DEBUG, on stderr as it comes. The TUI routes it to its SQL pane meanwhile (run-tui.tsx). Not in --shell:
		// a REPL's console is the user's.
		const restoreConsole =
			command.kind === 'shell'
				? undefined
				: captureConsole(line => {
						if (process.env.DEBUG) {
							process.stderr.write(formatConsoleLine(line));
						}
					});
		try {
			process.exitCode = await run(command, cli.flags.database, color);
		} finally {
			restoreConsole?.();
		}
	} catch (error) {
		process.exitCode = reportError(error);
	}
	// Every command has closed its database and written its output by now. Left to drain, Node would
	// then tear down the heap before exiting (~20 ms after the last line of --list, traced); exit once
	// the output is flushed instead ('exit' listeners, such as the code cache's, still run).
	await Promise.all([process.stdout, process.stderr].map(stream => new Promise(resolve => stream.write('', resolve))));
	process.exit();
}

// A reader that stops early (`--list posts | head -1`) closes the pipe: stop quietly, as other
// command-line tools do, instead of a stack trace for the write that found it closed.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') {
			throw error;
		}
		process.exit();
	});
}

process.on('unhandledRejection', error => {
	process.exitCode = reportError(error instanceof Error ? error : new UserError(String(error)));
	process.exit();
});

// Not a top-level await: the build is CommonJS (for V8's code cache, see scripts/build.mjs).
void main();
