import type {AlternateScreen} from './alt-screen.js';

/** How the TUI gives the terminal to the shell (Ctrl-Z) or to a program (Ctrl-G's editor) and takes it back. */
export type TerminalControl = {
	/**
	 * Ctrl-Z: the terminal as the shell left it, then the process group stops, as vim, tig and lazygit do; on `fg`
	 * the screen is taken back and drawn whole, and `resumed` says whether the process was stopped at all (not when
	 * no shell with job control started it: the kernel drops a stop for an orphaned process group).
	 */
	readonly suspend: (resumed: (stopped: boolean) => void) => void;
	/** Runs `run` (a program that uses the terminal, waited for) with the terminal handed over; takes it back after. */
	readonly handOver: <T>(run: () => T) => T;
};

export type TerminalParts = {
	readonly screen: AlternateScreen;
	readonly stdin: NodeJS.ReadStream;
	/** process.kill, for the stop signal. */
	readonly kill?: (pid: number, signal: NodeJS.Signals) => void;
};

/**
 * The same control, drawing the whole frame once the terminal is back: `redraw` is Ink's useStdout().write(''), which
 * makes Ink forget what it drew and write the frame again (Ink's clear() alone remembers the frame and skips it).
 */
export function withRedraw(control: TerminalControl, redraw: () => void): TerminalControl {
	return {
		suspend(resumed) {
			control.suspend(stopped => {
				redraw();
				resumed(stopped);
			});
		},
		handOver(run) {
			try {
				return control.handOver(run);
			} finally {
				redraw();
			}
		},
	};
}

/**
 * How long after the stop signal was sent the TUI takes the terminal back if no SIGCONT came: a stopped process sees
 * SIGCONT before any timer once `fg` continues it (the signal is pending when the kill returns), so only a stop the
 * kernel dropped waits this long.
 */
const dropStopAfterMs = 50;

/** The control of the terminal the TUI runs in; what it hands back is drawn by withRedraw's caller. */
export function terminalControl({screen, stdin, kill = process.kill}: TerminalParts): TerminalControl {
	let away = false;
	const giveBack = () => {
		away = true;
		screen.handOver();
		// Raw mode is why the terminal sends no SIGTSTP for Ctrl-Z: the shell (or the editor) needs its own modes back.
		if (stdin.isTTY) {
			stdin.setRawMode(false);
		}
	};
	const takeBack = () => {
		away = false;
		if (stdin.isTTY) {
			stdin.setRawMode(true);
		}
		screen.takeBack();
	};
	return {
		suspend(resumed) {
			if (away) {
				return;
			}
			giveBack();
			const timers: Array<ReturnType<typeof setTimeout>> = [];
			const back = (stopped: boolean) => {
				if (!away) {
					return;
				}
				clearTimeout(timers[0]);
				process.off('SIGCONT', onContinue);
				takeBack();
				resumed(stopped);
			};
			const onContinue = () => back(true);
			process.on('SIGCONT', onContinue);
			// The whole process group, as vim does: a wrapper that started this process (a script, npx) stops with it.
			kill(0, 'SIGTSTP');
			timers.push(setTimeout(() => back(false), dropStopAfterMs));
		},
		handOver(run) {
			giveBack();
			try {
				return run();
			} finally {
				takeBack();
			}
		},
	};
}
