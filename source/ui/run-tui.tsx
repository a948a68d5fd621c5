import {render} from 'ink';
import type {Database} from '../db/connection.js';
import {draftFile} from '../store/draft-file.js';
import type {PendingMigrations} from '../store/migrations.js';
import type {SqlLog} from '../store/sql-log.js';
import {dataDirectory} from '../config.js';
import {App} from './app.js';
import {readFirstFeedPage} from './state/app-controller.js';
import {enterAlternateScreen} from './terminal/alt-screen.js';
import {routeLibraryOutput} from './terminal/library-output.js';
import {terminalControl} from './terminal/terminal-control.js';

export type RunTuiOptions = {
	readonly database: Database;
	readonly initialUser?: string;
	readonly color: boolean;
	readonly sqlLog?: SqlLog;
	/** The migration state read just before (see App's prop of the same name). */
	readonly migrations?: PendingMigrations;
	/** Called once the first frame is out (the TUI command loads Sequelize then). */
	readonly afterFirstFrame?: () => void;
	/** Closes the database and opens it again at its path (see App's prop of the same name). */
	readonly reopen?: () => Promise<Database>;
	/** Closes the database in use, its file replaced on disk (see App's prop of the same name). */
	readonly release?: () => Promise<void>;
};

/**
 * How long the start waits for the feed's first page before drawing: a page that arrives in time is on the first
 * frame (SQLite: a few ms); a slower database shows the loading frame first and fills it in when the rows come.
 */
const firstPageWaitMs = 100;

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<undefined>(resolve => {
		timer = setTimeout(() => resolve(undefined), ms);
	});
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// SIGINT too: a Ctrl-C pressed before Ink has put the terminal in raw mode arrives as a signal, not a key.
const signalNumbers = {SIGTERM: 15, SIGHUP: 1, SIGINT: 2} as const;

/**
 * Runs the TUI full-screen until the user quits. The caller has checked that
 * stdin and stdout are terminals and that the database is ours. The terminal
 * is restored on every way out: q, Ctrl-C, a crash, SIGTERM, SIGHUP.
 */
export async function runTui({database, initialUser, color, sqlLog, migrations, afterFirstFrame, reopen, release}: RunTuiOptions): Promise<void> {
	const stdout = process.stdout;
	// Read while the screen is still the shell's; the App measures the terminal the same way (useTerminalSize).
	const firstFeedPage = migrations?.pending.length === 0 ? await within(readFirstFeedPage(database, stdout.rows || 24), firstPageWaitMs) : undefined;
	// Before the first frame, so nothing a library prints can land on the alternate screen.
	const libraryOutput = routeLibraryOutput(sqlLog);
	let restoreScreen: () => void = () => undefined;
	let instance: ReturnType<typeof render> | undefined;
	const signals = Object.keys(signalNumbers) as Array<keyof typeof signalNumbers>;
	const onSignal = (signal: keyof typeof signalNumbers) => {
		instance?.unmount();
		restoreScreen();
		libraryOutput.restore();
		process.exitCode = 128 + signalNumbers[signal];
	};
	const onExit = () => {
		restoreScreen();
		libraryOutput.restore();
	};
	// From here on every way out gives the console and the screen back, a render() that throws too: the console is
	// the command line's again when it reports the error, and the lines kept for DEBUG come out before that report,
	// not at exit after it.
	try {
		const screen = enterAlternateScreen(stdout);
		restoreScreen = screen.restore;
		process.on('exit', onExit);
		// Ctrl-Z and Ctrl-G give the terminal away and take it back (the App draws the whole frame then).
		const terminal = terminalControl({screen, stdin: process.stdin});
		instance = render(
			<App
				database={database}
				initialUser={initialUser}
				color={color}
				sqlLog={sqlLog}
				initialMigrations={migrations}
				firstFeedPage={firstFeedPage}
				reopen={reopen}
				release={release}
				terminal={terminal}
				drafts={draftFile(database.location)}
				settingsDirectory={dataDirectory()}
			/>,
			{
				stdout,
				stdin: process.stdin,
				// Ctrl-C is a key like any other here, so the app can unmount and restore the screen itself.
				exitOnCtrlC: false,
				patchConsole: false,
				// Ink's default 30 fps throttle holds a frame for up to 33 ms after the last one: a held key
				// then waits for the timer, not for the work. Every frame is a few windowed rows, so let each
				// key press show at once.
				maxFps: 1000,
				// Ink 6.8's incremental rendering left the header scrolled off after composing (seen in the tmux
				// end-to-end test, both engines); redrawing every frame costs a little and always heals.
				incrementalRendering: false,
			},
		);
		if (afterFirstFrame) {
			// Ink wrote the first frame in render(); the next turn of the event loop lets it reach the terminal first.
			setImmediate(afterFirstFrame);
		}
		for (const signal of signals) {
			process.on(signal, onSignal);
		}
		await instance.waitUntilExit();
	} finally {
		instance?.cleanup();
		restoreScreen();
		libraryOutput.restore();
		for (const signal of signals) {
			process.off(signal, onSignal);
		}
		process.off('exit', onExit);
	}
}
