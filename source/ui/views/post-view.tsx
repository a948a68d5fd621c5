import {Box, Text} from 'ink';
import type {PostRow} from '../../store/feed-pages.js';
import {truncateCells, wrapCells} from '../text/cells.js';
import {localTime, relativeTime} from '../text/format.js';
import {placeholders, shownAuthor, shownBody} from '../../text/placeholders.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';
import {Placeholder} from './highlighted-cells.js';

export type PostViewProps = {readonly post: PostRow; readonly width: number; readonly height: number; readonly now: Date};

/** The whole body, wrapped to the width (line breaks kept), with its author, exact local time and id. */
export function PostView({post, width, height, now}: PostViewProps) {
	const theme = useTheme();
	const age = relativeTime(post.timestamp, now);
	const author = shownAuthor(post);
	const body = shownBody(post.body);
	const lines = wrapCells(sanitize(body.text, {multiline: true}), Math.max(1, width - 2));
	const room = Math.max(1, height - 3);
	const shown = lines.length > room ? [...lines.slice(0, room - 1), '…'] : lines;
	return (
		<Box flexDirection="column">
			<Text>
				{author.missing ? (
					<Placeholder text={truncateCells(author.text, Math.max(1, width - 20))} theme={theme} />
				) : (
					<Text bold={theme.bold} color={theme.accent}>
						{truncateCells(sanitize(author.text), Math.max(1, width - 20))}
					</Text>
				)}
				<Text color={theme.muted}>{`  post #${post.id}`}</Text>
			</Text>
			{post.timeKey === null ? (
				<Placeholder text={truncateCells(placeholders.time, width)} theme={theme} />
			) : (
				<Text color={theme.muted}>{truncateCells(`${localTime(post.timestamp)} (${age === 'now' ? 'just now' : `${age} ago`})`, width)}</Text>
			)}
			<Text> </Text>
			{body.missing ? (
				<Text>
					{'  '}
					<Placeholder text={body.text} theme={theme} />
				</Text>
			) : (
				shown.map((line, index) => <Text key={index}>{`  ${line}`}</Text>)
			)}
		</Box>
	);
}
