/**
 * Why this process cannot run the full-screen TUI, or undefined when it can. The TUI draws with escape sequences
 * (the alternate screen, cursor moves, colour): a terminal that cannot take them shows them as garbage.
 * - stdin or stdout not a terminal (a pipe, a file): there is no screen to draw on and no keys to read.
 * - `TERM=dumb`: the terminal says it understands no escape sequence (Emacs' shell buffer, some IDE consoles).
 * - TERM unset or empty on a POSIX system: nothing says what the terminal is, and curses programs (`top`, `clear`)
 *   refuse it too. Windows consoles draw escape sequences and rarely set TERM, so there it is not consulted.
 */
export function fullScreenProblem(options: {
	readonly stdinIsTty: boolean;
	readonly stdoutIsTty: boolean;
	readonly term: string | undefined;
	readonly platform: NodeJS.Platform;
}): string | undefined {
	const useList = "to print posts without one, use 'microblog-tui --list posts'";
	if (!options.stdinIsTty || !options.stdoutIsTty) {
		return `the TUI needs a terminal; ${useList}`;
	}
	const term = options.term ?? '';
	if (term === 'dumb') {
		return `the TUI needs a terminal that can draw a full screen (TERM=dumb); ${useList}`;
	}
	if (term === '' && options.platform !== 'win32') {
		return `the TUI needs a terminal that can draw a full screen (TERM is not set); ${useList}`;
	}
	return undefined;
}
