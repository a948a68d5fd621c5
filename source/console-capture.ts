import {format, inspect} from 'node:util';
import type {InspectOptions} from 'node:util';

/** The console method a line came through (trace and dir are reported as debug and log). */
export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export type ConsoleLine = {readonly level: ConsoleLevel; readonly text: string};

export type ConsoleSink = (line: ConsoleLine) => void;

const patched = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

/**
 * Sends what libraries print with `console.*` to `sink` instead of the terminal, until the returned
 * function is called (once is enough; later calls do nothing). Sequelize prints `Committing
 * transaction … failed … We are killing its connection` with console.warn when a COMMIT fails: on the
 * TUI's screen it lands in the middle of a frame and stays there, and on the command line it turns a
 * one-line error into two.
 *
 * Node's process warnings (`process.emitWarning`: deprecations, experimental features) are caught too:
 * Node's default 'warning' listener prints them through the global console's `error` (Node 20 to 24),
 * so they arrive here as level 'error'.
 *
 * Captures nest: each restores the methods it found, so a capture inside another hands the console
 * back to the outer one.
 */
export function captureConsole(sink: ConsoleSink): () => void {
	const saved = patched.map(method => [method, console[method]] as const);
	const send = (level: ConsoleLevel, text: string) => {
		try {
			sink({level, text});
		} catch {
			// A sink that fails must not turn a library's warning into an exception in the library's code path.
		}
	};
	const to = (level: ConsoleLevel) => (...args: unknown[]) => send(level, format(...args));
	console.log = to('log');
	console.info = to('info');
	console.warn = to('warn');
	console.error = to('error');
	console.debug = to('debug');
	console.trace = (...args: unknown[]) => {
		const trace = new Error(format(...args));
		trace.name = 'Trace';
		send('debug', trace.stack ?? trace.message);
	};
	console.dir = (item: unknown, options?: InspectOptions) => send('log', inspect(item, {...options, colors: false}));
	let restored = false;
	return () => {
		if (restored) {
			return;
		}
		restored = true;
		for (const [method, original] of saved) {
			(console as unknown as Record<string, unknown>)[method] = original;
		}
	};
}

/** One captured line as it is written to stderr (with DEBUG): the level, then the text on as many lines as it has. */
export function formatConsoleLine(line: ConsoleLine): string {
	return `microblog-tui: ${line.level}: ${line.text}\n`;
}
