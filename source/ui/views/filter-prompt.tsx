import {Text} from 'ink';
import {fieldCursor} from '../input/text-field.js';
import {cellWidth, truncateCells} from '../text/cells.js';
import {scrollField} from '../text/field-view.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';

export type FilterPromptLayout = {
	/** The prompt and the part of the typed text in view. */
	readonly line: string;
	/** The cell where the real terminal cursor goes (main-screen.tsx). */
	readonly column: number;
};

/** The prompt line's text and cursor: the long prompt while it leaves room for the text, on a narrow terminal a short one. */
export function filterPromptLayout(text: string, cursor: number | undefined, users: boolean, width: number): FilterPromptLayout {
	const long = `filter (${users ? 'name or email' : 'text or @name'}, Enter keeps, Esc clears): `;
	const prompt = width - cellWidth(long) >= 20 ? long : 'filter: ';
	const shown = scrollField(text, fieldCursor(text, cursor), width - cellWidth(prompt));
	return {line: `${prompt}${shown.text}`, column: cellWidth(prompt) + shown.column};
}

export type FilterPromptProps = {
	readonly layout: FilterPromptLayout;
	/** Usernames the `@name` being typed completes to (Tab takes the first, Tab again the next). */
	readonly completions: readonly string[];
	readonly width: number;
};

/** The filter's prompt line: what is typed, and while typing `@na…`, the names it completes to. */
export function FilterPrompt({layout, completions, width}: FilterPromptProps) {
	const theme = useTheme();
	if (completions.length === 0) {
		return <Text>{truncateCells(layout.line, width)}</Text>;
	}
	const offers = `  Tab: ${completions.map(name => `@${sanitize(name)}`).join(' ')}`;
	const room = Math.max(0, width - cellWidth(layout.line));
	return (
		<Text>
			{truncateCells(layout.line, width)}
			<Text color={theme.muted}>{truncateCells(offers, room)}</Text>
		</Text>
	);
}
