import {Box, Text} from 'ink';
import type {ProfileEntry} from '../state/profiles-state.js';
import {truncateCells} from '../text/cells.js';
import {ageText, formatCount} from '../text/format.js';
import {shownEmail, shownUsername} from '../../text/placeholders.js';
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
	const name = profile ? sanitize(shownUsername(profile.username).text) : '…';
	// A read that failed says why while it is tried again, rather than "loading…" for as long as the database is away.
	const problem = entry.problem === undefined ? undefined : `${sanitize(entry.problem)} · trying again`;
	const details = profile
		? `${formatCount(profile.postCount)} ${profile.postCount === 1 ? 'post' : 'posts'} · latest ${ageText(profile.latestPost, now)}`
		: (problem ?? 'loading…');
	const empty = entry.filterText ? `No posts by ${name} match "${sanitize(entry.filterText)}". Esc clears the filter.` : `${name} has not posted yet.`;
	// A profile is one author: an `@name` typed here is text like any other (profiles-state.ts).
	const filter = entry.filterText.trim() === '' ? undefined : {text: entry.filterText.trim()};
	let posts = <PostList window={entry.list.window} width={width} showAuthor={false} empty={empty} now={now} filter={filter} />;
	if (!entry.list.window.ready && entry.list.failing && problem !== undefined) {
		// Said once: under a header that says it already, posts that failed for the same reason show nothing.
		posts = profile ? <Text color={theme.error}>{truncateCells(`posts: ${problem}`, width)}</Text> : <Text> </Text>;
	}
	return (
		<Box flexDirection="column">
			<Text bold={theme.bold} color={theme.accent}>
				{truncateCells(profile ? `${name}  <${sanitize(shownEmail(profile.email).text)}>` : name, width)}
			</Text>
			<Text color={profile || problem === undefined ? theme.muted : theme.error}>{truncateCells(details, width)}</Text>
			{posts}
		</Box>
	);
}
