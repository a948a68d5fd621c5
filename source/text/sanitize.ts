/**
 * Terminal escape sequences, 7-bit and 8-bit: CSI (ESC [ or 0x9B) with its
 * parameters; string sequences OSC, DCS, SOS, PM, APC up to their terminator
 * (BEL, ST, ESC \) or, unterminated, to the end of the text; any other ESC pair.
 */
const escapeSequence =
	/(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)|\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;

/** C0 controls but tab and line feed, DEL, and C1 controls. */
const controlCharacter = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Bidi embeddings, overrides, isolates and marks: they reorder what follows on the row. */
const bidiControl = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const lineBreak = /\r\n|[\n\u2028\u2029\u0085]/g;

export type SanitizeOptions = {
	/** Keep line breaks (views that wrap a whole body); otherwise they become spaces. */
	readonly multiline?: boolean;
};

/**
 * Makes text from the database safe to print: no escape sequence, control
 * character or bidi override survives. Every string from a post or a user
 * passes here before it reaches the terminal.
 */
export function sanitize(text: string, options: SanitizeOptions = {}): string {
	let clean = text.replace(escapeSequence, '');
	clean = clean.replace(lineBreak, options.multiline ? '\n' : ' ');
	clean = clean.replace(/\t/g, ' ');
	if (!options.multiline) {
		clean = clean.replace(/\n/g, ' ');
	}
	return clean.replace(controlCharacter, '').replace(bidiControl, '');
}
