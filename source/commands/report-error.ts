import {UserError, firstLine} from '../errors.js';

/** Prints one line on stderr (the stack only with DEBUG set) and returns the exit code. */
export function reportError(error: unknown): number {
	const debug = Boolean(process.env.DEBUG);
	if (error instanceof UserError) {
		process.stderr.write(`microblog-tui: ${error.message}\n`);
		if (debug) {
			process.stderr.write(`${String((error.cause as Error | undefined)?.stack ?? error.stack)}\n`);
		}
		return error.exitCode;
	}
	if (debug) {
		process.stderr.write(`microblog-tui: ${error instanceof Error ? error.stack : String(error)}\n`);
	} else {
		process.stderr.write(`microblog-tui: ${firstLine(error)} (set DEBUG=1 for details)\n`);
	}
	return 1;
}
