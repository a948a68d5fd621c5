import {Text} from 'ink';
import {cellWidth, truncateCells} from '../text/cells.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';

export type FilterPromptProps = {
	readonly text: string;
	/** Usernames the `@name` being typed completes to (Tab takes the first, Tab again the next). */
	readonly completions: readonly string[];
	/** In Users the filter is text only: no `@name`. */
	readonly users: boolean;
	readonly width: number;
};

/** The filter's prompt line: what is typed, and while typing `@na…`, the names it completes to. */
export function FilterPrompt({text, completions, users, width}: FilterPromptProps) {
	const theme = useTheme();
	const prompt = `filter (${users ? 'name or email' : 'text or @name'}, Enter keeps, Esc clears): ${text}█`;
	if (completions.length === 0) {
		return <Text>{truncateCells(prompt, width)}</Text>;
	}
	const offers = `  Tab: ${completions.map(name => `@${sanitize(name)}`).join(' ')}`;
	const room = Math.max(0, width - cellWidth(prompt));
	return (
		<Text>
			{truncateCells(prompt, width)}
			<Text color={theme.muted}>{truncateCells(offers, room)}</Text>
		</Text>
	);
}
