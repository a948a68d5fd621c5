import type {Key} from 'ink';

/**
 * One name per key press, whatever way the terminal spelled it: `up`, `enter`,
 * `ctrl-d`, `meta-b` (Alt-B), `backspace`, `delete` (the forward Delete key), or
 * the typed text itself. Ink reports both Backspace (DEL, 0x7F) and Delete
 * (ESC[3~) as `delete`: `sequence`, the raw bytes of the key (raw-sequence.ts),
 * tells them apart.
 */
export function keyName(input: string, key: Key, sequence?: string): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'escape';
	if (key.tab) return key.shift ? 'backtab' : 'tab';
	if (key.delete && sequence?.startsWith('\u001B[')) return 'delete';
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
	if (key.meta && input.length === 1) return `meta-${input}`;
	return input;
}

/** Keys that are not text: a form field ignores them rather than typing their name. */
export function isNamedKey(name: string, input: string): boolean {
	return name !== input || input === '';
}

export type KeyPress = {readonly name: string; readonly text: string};

const controlNames: Record<string, string> = {'\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', '\u001B': 'escape'};

const controlCharacters = /[\u0000-\u001F\u007F]/g;

function controlName(character: string): string {
	const code = character.codePointAt(0)!;
	return controlNames[character] ?? (code >= 1 && code <= 26 ? `ctrl-${String.fromCodePoint(code + 96)}` : '');
}

/**
 * Splits one chunk of input into key presses. Ink hands over everything read
 * at once as one string, escape sequences aside: keys typed faster than they
 * are read (or sent by tmux/a test) arrive as `sjjj\r`, where the Enter would
 * otherwise be typed as text or lost. Printable runs stay together, so a paste
 * into a field is still one edit.
 */
export function splitKeys(text: string): KeyPress[] {
	const presses: KeyPress[] = [];
	// One native scan for the control characters, not a test per character: a pasted megabyte arrives as a few
	// hundred chunks, and a per-character loop took 90 ms over them.
	let start = 0;
	for (const match of text.matchAll(controlCharacters)) {
		if (match.index > start) {
			const run = text.slice(start, match.index);
			presses.push({name: run, text: run});
		}
		const name = controlName(match[0]);
		if (name) {
			presses.push({name, text: ''});
		}
		start = match.index + 1;
	}
	if (start < text.length) {
		const run = text.slice(start);
		presses.push({name: run, text: run});
	}
	return presses;
}
