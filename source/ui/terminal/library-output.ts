import {captureConsole, formatConsoleLine} from '../../console-capture.js';
import type {ConsoleLine} from '../../console-capture.js';
import type {SqlLog} from '../../store/sql-log.js';

/** Lines kept for stderr with DEBUG set: enough for a session's warnings, bounded for a library that logs in a loop. */
const maxDebugLines = 500;

export type LibraryOutputOptions = {
	/** Keep the lines for `stderr` after the TUI (default: whether DEBUG is set). */
	readonly debug?: boolean;
	readonly stderr?: NodeJS.WritableStream;
};

/**
 * While the TUI runs, only Ink writes to the terminal: whatever a library prints with console.* (Sequelize's
 * "Committing transaction … failed" when a COMMIT fails, a Node deprecation warning) goes to the SQL pane,
 * beside the statements that led to it, instead of over the frame, where it stayed (a frame is redrawn
 * only where it changed). `restore()` gives the console back; the TUI calls it on every way out, and a
 * second call does nothing. With DEBUG set the lines are also written to stderr by `restore()`, once the
 * terminal is back on the shell's screen (the last 500), so a session's warnings can still be read in full.
 */
export function routeLibraryOutput(sqlLog: SqlLog | undefined, options: LibraryOutputOptions = {}): {restore: () => void} {
	const debug = options.debug ?? Boolean(process.env.DEBUG);
	const stderr = options.stderr ?? process.stderr;
	const kept: ConsoleLine[] = [];
	let dropped = 0;
	const restoreConsole = captureConsole(line => {
		sqlLog?.note(line.level, line.text);
		if (debug) {
			kept.push(line);
			if (kept.length > maxDebugLines) {
				kept.shift();
				dropped++;
			}
		}
	});
	let restored = false;
	return {
		restore() {
			if (restored) {
				return;
			}
			restored = true;
			restoreConsole();
			if (dropped > 0) {
				stderr.write(`microblog-tui: ${dropped} earlier library ${dropped === 1 ? 'message' : 'messages'} not shown\n`);
			}
			for (const line of kept) {
				stderr.write(formatConsoleLine(line));
			}
		},
	};
}
