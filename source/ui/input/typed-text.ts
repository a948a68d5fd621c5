import {maxBodyLength} from '../../store/post-limits.js';
import {sanitizeTyped} from '../text/sanitize.js';

/*
 * How much a text field holds, in code points (what the post limit counts). Whatever arrives, a paste of a megabyte
 * included, a field takes at most this much and drops the rest at once: the work per chunk of input, and every frame
 * drawn after it, stay the size of the field, not of the input (before, each chunk of a 1 MB paste re-wrapped the
 * whole draft, 39 s before the next key showed).
 */

/** A draft: the 140 of a post and 200 more, more than a line of the widest usual terminal, so a paste that went over can be seen and cut back. */
export const draftCapacity = maxBodyLength + 200;

/** The filter matches text within a body (at most 140) or `@username` (at most 64): the same room as a draft is plenty. */
export const filterCapacity = draftCapacity;

/** A form field (username 64, email 120, a password): room for any password a manager generates. */
export const fieldCapacity = 1024;

export type Appended = {
	readonly value: string;
	/** Part of the text was left out: the field was full. */
	readonly cut: boolean;
};

/**
 * `value` with as much of the typed `text` as fits in `capacity` code points, sanitised (printable, one line). Reads
 * no more of `text` than fits: a full field costs nothing however long the text.
 */
export function appendTyped(value: string, text: string, capacity: number): Appended {
	const room = capacity - [...value].length;
	if (room <= 0) {
		return {value, cut: text.length > 0};
	}
	let end = 0;
	for (let taken = 0; end < text.length && taken < room; taken++) {
		end += text.codePointAt(end)! > 0xff_ff ? 2 : 1;
	}
	return {value: value + sanitizeTyped(text.slice(0, end)), cut: end < text.length};
}

/** What the user is told when typing or a paste went over what a field holds. */
export function capacityMessage(what: 'draft' | 'filter' | 'field', capacity: number): string {
	return `the ${what} holds at most ${capacity} characters: the rest was left out`;
}

/** The draft, the filter or a form field after typing `text`: its value and the note about its capacity, if any. */
export type Typed = {readonly value: string; readonly note: string | undefined};

/**
 * `text` typed into a field of `what` holding `value` and showing `shown` as its note: undefined when that changes
 * nothing (more text for a full field, whose note is up already), so the key draws no frame.
 */
export function typeInto(value: string, text: string, what: 'draft' | 'filter' | 'field', shown: string | undefined): Typed | undefined {
	const capacity = {draft: draftCapacity, filter: filterCapacity, field: fieldCapacity}[what];
	const added = appendTyped(value, text, capacity);
	const note = added.cut ? capacityMessage(what, capacity) : undefined;
	return added.value === value && note === shown ? undefined : {value: added.value, note};
}
