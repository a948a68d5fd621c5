import {Box, Text} from 'ink';
import {bodyLength, maxBodyLength} from '../../store/post-limits.js';
import {truncateCells, wrapCells} from '../text/cells.js';
import {useTheme} from '../theme.js';

export type ComposeBoxProps = {
	readonly draft: string;
	readonly error: string | undefined;
	readonly busy: boolean;
	readonly width: number;
	readonly height: number;
};

/** Within this many characters of the limit the counter turns to the warning colour. */
const warnWithin = 20;

export function ComposeBox({draft, error, busy, width, height}: ComposeBoxProps) {
	const theme = useTheme();
	const length = bodyLength(draft.trim());
	const counterColor = length > maxBodyLength ? theme.error : length > maxBodyLength - warnWithin ? theme.warning : theme.muted;
	const lines = wrapCells(`${draft}█`, Math.max(1, width - 2));
	const room = Math.max(1, height - 3);
	// Long drafts show their end, where the cursor is.
	const shown = lines.slice(-room);
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
