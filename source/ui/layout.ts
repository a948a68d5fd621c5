/**
 * Row budget for a terminal of `height` rows. The root stays one row shorter
 * than the terminal: a frame as tall as the screen makes Ink clear the whole
 * screen on every render, which flickers.
 */
export function rootHeight(height: number): number {
	return Math.max(1, height - 1);
}

/** Header line, message line and status bar around every view. */
const chrome = 3;

export type ListKind = 'feed' | 'users' | 'profile';

export function listHeight(kind: ListKind, height: number): number {
	// Every list has a column heading; a profile has two lines of details above it.
	const extra = kind === 'profile' ? 3 : 1;
	return Math.max(1, rootHeight(height) - chrome - extra);
}

export const minimumSize = {width: 30, height: 8} as const;

/** Rows the SQL pane takes from the body when open (its title included): about 40%, at least 3. */
export function sqlPaneRows(height: number): number {
	const body = rootHeight(height) - chrome;
	return Math.max(3, Math.min(14, Math.floor(body * 0.4)));
}

/** The preview pane (`v`) shows beside a post list from this width on: below it the list would be too narrow. */
export const previewMinWidth = 140;

/** Columns the preview pane takes, its left border included: 40% of the width. */
export function previewWidth(width: number): number {
	return Math.floor(width * 0.4);
}
