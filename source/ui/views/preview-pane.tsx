import {Box, Text} from 'ink';
import type {PostRow} from '../../store/feed-pages.js';
import {useTheme} from '../theme.js';
import {PostView} from './post-view.js';

export type PreviewPaneProps = {
	/** The list's selected post; undefined while its row is being read. */
	readonly post: PostRow | undefined;
	/** Columns of the pane, its border included. */
	readonly width: number;
	readonly height: number;
	readonly now: Date;
};

/**
 * The selected post whole, beside the list (`v`), as the Post view shows it: the row already holds the body, so
 * moving the selection reads nothing from the database.
 */
export function PreviewPane({post, width, height, now}: PreviewPaneProps) {
	const theme = useTheme();
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			flexShrink={0}
			borderStyle="single"
			borderTop={false}
			borderRight={false}
			borderBottom={false}
			borderColor={theme.muted}
			paddingLeft={1}
		>
			{post ? <PostView post={post} width={Math.max(1, width - 2)} height={height} now={now} /> : <Text color={theme.muted}>…</Text>}
		</Box>
	);
}
