import {InterruptedError, UserError} from '../errors.js';

/**
 * Asks on stderr and reads one line from the terminal with no echo (a password): stdin in raw mode, so nothing typed
 * is shown, and keys are handled here: Enter ends, Backspace deletes, Ctrl-U clears, Ctrl-C cancels (exit 130, as a
 * shell reports SIGINT), Ctrl-D on an empty line gives up. Escape sequences (arrow keys) are ignored, not typed.
 * stdin must be a TTY (the caller checks).
 */
export async function promptHidden(question: string): Promise<string> {
	const input = process.stdin;
	// Echo off before the question shows: keys typed as soon as it appears (or typed ahead) were echoed by the
	// terminal while it was still in line mode, the password on screen (seen in CI).
	input.setRawMode(true);
	process.stderr.write(question);
	input.setEncoding('utf8');
	input.resume();
	return new Promise((resolve, reject) => {
		let value: string[] = [];
		const finish = () => {
			input.off('data', onData);
			input.setRawMode(false);
			input.pause();
			process.stderr.write('\n');
		};
		function onData(chunk: string): void {
			if (chunk.startsWith('\u001B')) {
				return;
			}
			for (const character of chunk) {
				if (character === '\r' || character === '\n') {
					finish();
					resolve(value.join(''));
					return;
				}
				if (character === '\u0003') {
					finish();
					reject(new InterruptedError('cancelled; nothing changed'));
					return;
				}
				if (character === '\u0004' && value.length === 0) {
					finish();
					reject(new UserError('no password given; nothing changed'));
					return;
				}
				if (character === '\u007F' || character === '\b') {
					value = value.slice(0, -1);
				} else if (character === '\u0015') {
					value = [];
				} else if (character >= ' ') {
					value.push(character);
				}
			}
		}
		input.on('data', onData);
	});
}
