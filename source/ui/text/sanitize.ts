import {sanitize} from '../../text/sanitize.js';

/*
 * One sanitiser for the whole program (source/text/sanitize.ts, shared with
 * --list): every string from the database passes through it before Ink sees it.
 */
export {sanitize};

/** Text typed or pasted into a field: printable characters only, on one line. */
export function sanitizeTyped(text: string): string {
	return sanitize(text).replace(/\n/g, '');
}
