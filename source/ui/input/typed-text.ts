import {maxBodyLength} from '../../store/post-limits.js';

/*
 * How much a text field holds, in code points (what the post limit counts); text-field.ts keeps to it. Whatever
 * arrives, a paste of a megabyte included, a field takes at most this much and drops the rest at once: the work per
 * chunk of input, and every frame drawn after it, stay the size of the field, not of the input (before, each chunk
 * of a 1 MB paste re-wrapped the whole draft, 39 s before the next key showed).
 */

/** A draft: the 140 of a post and 200 more, more than a line of the widest usual terminal, so a paste that went over can be seen and cut back. */
export const draftCapacity = maxBodyLength + 200;

/** The filter matches text within a body (at most 140) or `@username` (at most 64): the same room as a draft is plenty. */
export const filterCapacity = draftCapacity;

/** A form field (username 64, email 120, a password): room for any password a manager generates. */
export const fieldCapacity = 1024;

/** What the user is told when typing or a paste went over what a field holds. */
export function capacityMessage(what: 'draft' | 'filter' | 'field', capacity: number): string {
	return `the ${what} holds at most ${capacity} characters: the rest was left out`;
}
