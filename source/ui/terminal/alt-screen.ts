import {bracketedPasteOff, bracketedPasteOn} from '../input/bracketed-paste.js';

const enter = `\u001B[?1049h\u001B[H${bracketedPasteOn}`;
// Show the cursor too: a crash can leave it hidden by Ink.
const leave = `${bracketedPasteOff}\u001B[?1049l\u001B[?25h`;
// Tells the build's patch of Ink's frame writer (scripts/bundle-patches.mjs) that frames start at the
// top-left cell of a screen of their own, so it may rewrite only the rows that changed.
const fullScreenKey = Symbol.for('microblog-tui.full-screen');

/** The alternate screen held by the TUI (with bracketed paste on), given back for a while or for good. */
export type AlternateScreen = {
	/** Back to the shell's screen for good: safe to call from every exit path, it writes only once. */
	readonly restore: () => void;
	/** Back to the shell's screen for a while (Ctrl-Z, an editor): `takeBack` enters the alternate screen again. */
	readonly handOver: () => void;
	readonly takeBack: () => void;
};

function mark(stream: NodeJS.WriteStream, on: boolean): void {
	if (on) {
		(stream as unknown as Record<symbol, boolean>)[fullScreenKey] = true;
	} else {
		delete (stream as unknown as Record<symbol, boolean>)[fullScreenKey];
	}
}

/**
 * Switches a TTY to the alternate screen buffer (Ink 6.8 has no option for it) and turns bracketed paste on; what
 * it returns switches both back.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream): AlternateScreen {
	if (!stream.isTTY) {
		return {restore: () => undefined, handOver: () => undefined, takeBack: () => undefined};
	}
	stream.write(enter);
	mark(stream, true);
	let restored = false;
	let held = true;
	const handOver = () => {
		if (held) {
			held = false;
			mark(stream, false);
			stream.write(leave);
		}
	};
	return {
		restore() {
			if (!restored) {
				restored = true;
				held = true;
				handOver();
			}
		},
		handOver,
		takeBack() {
			if (!held && !restored) {
				held = true;
				stream.write(enter);
				mark(stream, true);
			}
		},
	};
}
