import {Box, Text} from 'ink';
import type {ProfileEntry} from '../state/app-controller.js';
import {truncateCells} from '../text/cells.js';
import {formatCount, relativeTime} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';
import {PostList} from './post-list.js';

export type ProfileViewProps = {readonly entry: ProfileEntry; readonly width: number; readonly now: Date};

export function ProfileView({entry, width, now}: ProfileViewProps) {
	const theme = useTheme();
	const profile = entry.profile;
	if (profile === null) {
		return <Text>This user no longer exists. Esc goes back.</Text>;
	}
	const name = profile ? sanitize(profile.username) : '…';
	const details = profile
		? `${formatCount(profile.postCount)} ${profile.postCount === 1 ? 'post' : 'posts'} · latest ${relativeTime(profile.latestPost, now)}${profile.latestPost ? ' ago' : ''}`
		: 'loading…';
	const empty = entry.filterText ? `No posts by ${name} match "${sanitize(entry.filterText)}". Esc clears the filter.` : `${name} has not posted yet.`;
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold} color={theme.accent}>
				{truncateCells(`${name}  <${profile ? sanitize(profile.email) : ''}>`, width)}
			</Text>
			<Text color={theme.muted}>{truncateCells(details, width)}</Text>
			<PostList window={entry.list.window} width={width} showAuthor={false} empty={empty} now={now} />
		</Box>
	);
}
