import {Box, Text} from 'ink';
import {bodyLength, maxBodyLength} from '../../store/post-limits.js';
import {truncateCells} from '../text/cells.js';
import {wrapField} from '../text/field-view.js';
import {useTheme} from '../theme.js';

export type ComposeBoxProps = {
	readonly draft: string;
	/** Where typed text goes: an offset into `draft` (text-field.ts). */
	readonly cursor: number;
	readonly error: string | undefined;
	readonly busy: boolean;
	readonly width: number;
	readonly height: number;
};

/** Within this many characters of the limit the counter turns to the warning colour. */
const warnWithin = 20;

export type ComposeLayout = {
	/** The draft's lines in view. */
	readonly lines: readonly string[];
	/** The insertion point, from the box's top left (its title is row 0): the real terminal cursor goes there. */
	readonly cursor: {readonly x: number; readonly y: number};
};

/** The draft wrapped to the box, the lines in view (the end, or up to the cursor when it is above them) and where the cursor is. */
export function composeLayout(draft: string, cursor: number, width: number, height: number): ComposeLayout {
	// The box and the cursor ask for the same layout in each frame: wrapped once.
	const key = `${cursor}\u0000${width}\u0000${height}\u0000${draft}`;
	if (lastLayout?.key !== key) {
		lastLayout = {key, layout: layOut(draft, cursor, width, height)};
	}
	return lastLayout.layout;
}

let lastLayout: {readonly key: string; readonly layout: ComposeLayout} | undefined;

function layOut(draft: string, cursor: number, width: number, height: number): ComposeLayout {
	const wrapped = wrapField(draft, cursor, Math.max(1, width - 2));
	const room = Math.max(1, height - 3);
	const first = Math.min(Math.max(0, wrapped.lines.length - room), wrapped.row);
	return {lines: wrapped.lines.slice(first, first + room), cursor: {x: 2 + wrapped.column, y: 1 + wrapped.row - first}};
}

/** The box draws no cursor of its own: the real terminal cursor is put at the insertion point (main-screen.tsx). */
export function ComposeBox({draft, cursor, error, busy, width, height}: ComposeBoxProps) {
	const theme = useTheme();
	const length = bodyLength(draft.trim());
	const counterColor = length > maxBodyLength ? theme.error : length > maxBodyLength - warnWithin ? theme.warning : theme.muted;
	const shown = composeLayout(draft, cursor, width, height).lines;
	return (
		<Box flexDirection="column">
			{/* Cut, not wrapped: the box's rows below count on a title of one row. */}
			<Text bold={theme.bold}>{truncateCells('New post — Enter posts · Esc closes (the draft is kept) · Ctrl-G $EDITOR', width)}</Text>
			{shown.map((line, index) => (
				<Text key={index}>{`  ${line}`}</Text>
			))}
			<Text>
				<Text color={counterColor}>{`${length}/${maxBodyLength}`}</Text>
				{busy ? '  posting…' : ''}
				{error ? <Text color={theme.error}>{`  ${error}`}</Text> : ''}
			</Text>
		</Box>
	);
}
