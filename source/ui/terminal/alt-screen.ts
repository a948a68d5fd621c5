const enter = '\u001B[?1049h\u001B[H';
const leave = '\u001B[?1049l';
// Tells the build's patch of Ink's frame writer (scripts/bundle-patches.mjs) that frames start at the
// top-left cell of a screen of their own, so it may rewrite only the rows that changed.
const fullScreenKey = Symbol.for('microblog-tui.full-screen');

/**
 * Switches a TTY to the alternate screen buffer (Ink 6.8 has no option for
 * it) and returns the one function that switches back, safe to call from
 * every exit path: it writes only once.
 */
export function enterAlternateScreen(stream: NodeJS.WriteStream): () => void {
	if (!stream.isTTY) {
		return () => undefined;
	}
	stream.write(enter);
	(stream as unknown as Record<symbol, boolean>)[fullScreenKey] = true;
	let restored = false;
	return () => {
		if (!restored) {
			restored = true;
			delete (stream as unknown as Record<symbol, boolean>)[fullScreenKey];
			// Show the cursor too: a crash can leave it hidden by Ink.
			stream.write(`${leave}\u001B[?25h`);
		}
	};
}
