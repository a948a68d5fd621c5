/*
 * What every view, listing and the shell show where an adopted database (the Flask tutorial's looser schema) holds
 * nothing: a NULL or empty column. The words are in parentheses, which no username our rules allow contains, so a
 * placeholder is never mistaken for a stored value; views draw them dim and italic where they use colour. JSON
 * listings give null instead.
 */

export const placeholders = {
	username: '(no name)',
	body: '(empty)',
	email: '(none)',
	time: '(no time)',
	author: '(no author)',
} as const;

/** Text to show, and whether it stands for a missing value (to be drawn as a placeholder). */
export type Shown = {readonly text: string; readonly missing: boolean};

function shown(value: string | null | undefined, placeholder: string): Shown {
	return value === null || value === undefined || value === '' ? {text: placeholder, missing: true} : {text: value, missing: false};
}

export const shownBody = (body: string | null | undefined): Shown => shown(body, placeholders.body);
export const shownEmail = (email: string | null | undefined): Shown => shown(email, placeholders.email);
export const shownUsername = (username: string | null | undefined): Shown => shown(username, placeholders.username);

/** A post's author: `(no author)` when its user_id is NULL or names no user, `(no name)` when the user has none. */
export function shownAuthor(post: {readonly username: string | null; readonly userId: number | null; readonly authorMissing?: boolean}): Shown {
	return post.authorMissing || post.userId === null ? {text: placeholders.author, missing: true} : shownUsername(post.username);
}
