import {collectGraphemes} from 'unicode-segmenter/grapheme';
import {sanitize} from '../../text/sanitize.js';

/** Long enough to tell posts apart, short enough that a list of them stays one row each. */
export const maxLabelGraphemes = 40;

/**
 * How an instance shows in `--shell` and console.log (through util.inspect.custom), as the Flask tutorial's __repr__
 * does: `<User john>`, `<Post my first post!>`. The text comes from the database, so it is sanitised, and cut on a
 * grapheme with `…`; without it (a query that did not select it) the id stands in: `<User #3>`. NULL or empty text
 * (an adopted Flask tutorial database's looser rows) shows as `missing`, the views' placeholder: `<User (no name)>`.
 */
export function modelLabel(model: string, text: unknown, id: unknown, missing: string): string {
	if (text === null || text === '') {
		return `<${model} ${missing}>`;
	}
	if (typeof text !== 'string') {
		return `<${model} #${id === undefined || id === null ? '?' : String(id)}>`;
	}
	const graphemes = collectGraphemes(sanitize(text));
	const shown = graphemes.length > maxLabelGraphemes ? `${graphemes.slice(0, maxLabelGraphemes - 1).join('').trimEnd()}…` : graphemes.join('');
	return `<${model} ${shown}>`;
}
