import {Box, Text} from 'ink';
import {helpEntries} from '../input/keymap.js';
import type {HelpContext} from '../input/keymap.js';
import {fitCells, truncateCells} from '../text/cells.js';
import {useTheme} from '../theme.js';

export type HelpOverlayProps = {readonly context: HelpContext; readonly width: number; readonly height: number};

const names: Record<HelpContext, string> = {feed: 'Feed', users: 'Users', profile: 'Profile', post: 'Post'};

export function HelpOverlay({context, width, height}: HelpOverlayProps) {
	const theme = useTheme();
	const entries = helpEntries[context];
	const keyWidth = Math.max(...entries.map(entry => entry.keys.length)) + 2;
	// Two columns when one would not fit the height.
	const perColumn = Math.max(1, height - 2);
	const columns = entries.length > perColumn && width >= 2 * (keyWidth + 20) ? 2 : 1;
	const columnWidth = Math.floor(width / columns);
	const rows = Math.ceil(entries.length / columns);
	const lines: string[] = [];
	for (let row = 0; row < Math.min(rows, perColumn); row++) {
		let line = '';
		for (let column = 0; column < columns; column++) {
			const entry = entries[column * rows + row];
			if (entry) {
				line += fitCells(`${fitCells(entry.keys, keyWidth)}${entry.action}`, columnWidth);
			}
		}
		lines.push(truncateCells(line.trimEnd(), width));
	}
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold} color={theme.accent}>
				{truncateCells(`Keys — ${names[context]} (any key closes)`, width)}
			</Text>
			{lines.map((line, index) => (
				<Text key={index}>{line}</Text>
			))}
		</Box>
	);
}
