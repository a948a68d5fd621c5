import type {Key} from 'ink';

/**
 * One name per key press, whatever way the terminal spelled it: `up`, `enter`,
 * `ctrl-d`, `backspace` (Ink reports the Backspace key as `delete`), or the
 * typed text itself.
 */
export function keyName(input: string, key: Key): string {
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
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input.length === 1) return `ctrl-${input.toLowerCase()}`;
	return input;
}

/** Keys that are not text: a form field ignores them rather than typing their name. */
export function isNamedKey(name: string, input: string): boolean {
	return name !== input || input === '';
}
