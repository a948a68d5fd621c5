import {Box, Text} from 'ink';
import {helpEntries} from '../input/keymap.js';
import type {HelpContext} from '../input/keymap.js';
import {fitCells, truncateCells} from '../text/cells.js';
import {useTheme} from '../theme.js';

export type HelpOverlayProps = {
	readonly context: HelpContext;
	readonly width: number;
	readonly height: number;
	/** First entry line shown, when the keys do not fit the height. */
	readonly offset: number;
};

const names: Record<HelpContext, string> = {feed: 'Feed', users: 'Users', profile: 'Profile', post: 'Post', migrations: 'Migrations'};

export type HelpLayout = {readonly lines: readonly string[]; readonly room: number};

/** The overlay's entry lines for a body of `width`×`height`, and how many of them fit below the title. */
export function helpLayout(context: HelpContext, width: number, height: number): HelpLayout {
	const entries = helpEntries[context];
	const keyWidth = Math.max(...entries.map(entry => entry.keys.length)) + 2;
	// Two columns when one would not fit the height.
	const perColumn = Math.max(1, height - 1);
	const columns = entries.length > perColumn && width >= 2 * (keyWidth + 20) ? 2 : 1;
	const columnWidth = Math.floor(width / columns);
	const rows = Math.ceil(entries.length / columns);
	const lines: string[] = [];
	for (let row = 0; row < rows; row++) {
		let line = '';
		for (let column = 0; column < columns; column++) {
			const entry = entries[column * rows + row];
			if (entry) {
				line += fitCells(`${fitCells(entry.keys, keyWidth)}${entry.action}`, columnWidth);
			}
		}
		lines.push(truncateCells(line.trimEnd(), width));
	}
	return {lines, room: perColumn};
}

/** How far the overlay can scroll: 0 when every key fits. */
export function helpMaxOffset(context: HelpContext, width: number, height: number): number {
	const {lines, room} = helpLayout(context, width, height);
	return Math.max(0, lines.length - room);
}

export function HelpOverlay({context, width, height, offset}: HelpOverlayProps) {
	const theme = useTheme();
	const {lines, room} = helpLayout(context, width, height);
	const max = Math.max(0, lines.length - room);
	const first = Math.min(Math.max(0, offset), max);
	// On a short terminal the list scrolls rather than losing keys off the bottom.
	const title = max > 0 ? `Keys — ${names[context]} (${first + room}/${lines.length}, j/k scroll, other keys close)` : `Keys — ${names[context]} (any key closes)`;
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold} color={theme.accent}>
				{truncateCells(title, width)}
			</Text>
			{lines.slice(first, first + room).map((line, index) => (
				<Text key={first + index}>{line}</Text>
			))}
		</Box>
	);
}
