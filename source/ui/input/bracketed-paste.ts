import type {Key} from 'ink';

/** Asks the terminal to mark pastes (xterm's bracketed paste mode, DEC 2004); written when the TUI starts drawing. */
export const bracketedPasteOn = '\u001B[?2004h';
/** Gives the terminal its plain pastes back; written on every way out of the TUI and before a suspend. */
export const bracketedPasteOff = '\u001B[?2004l';

/*
 * How the marks reach useInput in Ink 6.8: its input parser cuts stdin at each ESC, so `ESC[200~` and `ESC[201~`
 * are events of their own, and parse-keypress gives them no key name, so useInput hands them over as `[200~` and
 * `[201~` with the ESC stripped and no key flag set. The text between arrives as one event per stdin chunk (a
 * megabyte: a few hundred), newlines and all, unless it holds an ESC of its own. When a chunk ends inside `ESC[201~`,
 * Ink flushes the piece it holds on the next turn of the event loop, and the end mark comes as `[20` then `1~…`:
 * the end mark is therefore looked for at the start of each event, across the events that spell it.
 */
const startMark = '[200~';
const endMark = '[201~';

/**
 * What is kept of one paste, in UTF-16 units: more than any field holds (a form field, 1,024), so a field still
 * sees that a longer paste went over; the rest of a megabyte is not gathered at all.
 */
export const pasteKeepLimit = 64 * 1024;

/** The flags of Ink's Key that matter here; a test can make them without the rest. */
export type KeyFlags = Pick<Key, 'ctrl' | 'meta' | 'escape' | 'tab' | 'return' | 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow'>;

export type InputEvent<K extends KeyFlags> =
	/** A key as useInput gave it, outside a paste. */
	| {readonly kind: 'key'; readonly input: string; readonly key: K}
	/** A whole paste, on one line: line breaks and tabs are spaces. */
	| {readonly kind: 'paste'; readonly text: string}
	/** Keys typed right after a paste, read in the same event as its end mark: raw text, split with splitKeys(). */
	| {readonly kind: 'typed'; readonly text: string};

/** A paste on one line: a line break (CR LF, CR or LF) or a tab is one space, so it never becomes Enter or a field move. */
export function pasteAsLine(text: string): string {
	return text.replaceAll(/\r\n|[\r\n\t]/g, ' ');
}

function plain(key: KeyFlags): boolean {
	return !key.ctrl && !key.meta && !key.escape && !key.tab && !key.return;
}

/**
 * Turns useInput's events into key presses and whole pastes. One instance per input stream: it remembers whether a
 * paste is under way between events.
 */
export class BracketedPaste {
	#pasting = false;
	#chunks: string[] = [];
	#kept = 0;
	/** The start of an end mark seen at the end of an event (`[20`), waiting for the event that finishes it. */
	#partialEnd = '';

	get pasting(): boolean {
		return this.#pasting;
	}

	take<K extends KeyFlags>(input: string, key: K): Array<InputEvent<K>> {
		if (!this.#pasting) {
			if (input === startMark && plain(key)) {
				this.#pasting = true;
				return [];
			}
			return [{kind: 'key', input, key}];
		}
		if (key.ctrl && input === 'c') {
			// A lone Ctrl-C still quits: the way out if a terminal never sends the end mark.
			return [...this.#finish(), {kind: 'key', input, key}];
		}
		if (input === '' || (key.ctrl && input.length === 1)) {
			// A key name with no text (an ESC of the paste's own, a lone tab or Backspace): nothing to type. A tab is a space.
			if (key.tab) {
				this.#keep(' ');
			}
			return [];
		}
		const text = this.#partialEnd + input;
		this.#partialEnd = '';
		if (text.startsWith(endMark)) {
			const rest = text.slice(endMark.length);
			return [...this.#finish(), ...(rest ? [{kind: 'typed', text: rest} as const] : [])];
		}
		if (endMark.startsWith(text)) {
			this.#partialEnd = text;
			return [];
		}
		this.#keep(text);
		return [];
	}

	#keep(text: string): void {
		if (this.#kept < pasteKeepLimit) {
			const piece = text.slice(0, pasteKeepLimit - this.#kept);
			this.#chunks.push(piece);
			this.#kept += piece.length;
		}
	}

	#finish(): Array<InputEvent<never>> {
		this.#keep(this.#partialEnd);
		const text = pasteAsLine(this.#chunks.join(''));
		this.#pasting = false;
		this.#chunks = [];
		this.#kept = 0;
		this.#partialEnd = '';
		return [{kind: 'paste', text}];
	}
}
