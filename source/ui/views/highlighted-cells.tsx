import {Text} from 'ink';
import {findMatch} from '../../store/text-match.js';
import {cutAround} from '../text/cut-around.js';
import {cellWidth, fitCells} from '../text/cells.js';
import type {Theme} from '../theme.js';

export type HighlightedCellsProps = {
	/** Sanitised already. */
	readonly text: string;
	/** The filter's text; nothing is highlighted when empty or not found. */
	readonly needle: string | undefined;
	/** Exactly this many cells, padded. */
	readonly width: number;
	readonly theme: Theme;
	/** The text is a placeholder for a missing value (source/text/placeholders.ts): dim and italic, never marked. */
	readonly placeholder?: boolean;
};

/**
 * A column's text with the filter's match marked, cut around the match (text/cut-around.ts). With colour the match
 * is bold, underlined and in the warning colour; without (NO_COLOR, --no-color) it is in «guillemets», which Ink
 * prints even where no attribute shows.
 */
export function HighlightedCells({text, needle, width, theme, placeholder}: HighlightedCellsProps) {
	if (placeholder) {
		return <Placeholder text={text} width={width} theme={theme} />;
	}
	const found = needle ? findMatch(text, needle) : undefined;
	if (!found || found.end === found.start) {
		return <>{fitCells(text, width)}</>;
	}
	const marks = theme.enabled ? ['', ''] : ['«', '»'];
	const cut = cutAround(text, found.start, found.end, width - cellWidth(marks.join('')));
	const used = cellWidth(cut.before) + cellWidth(cut.match) + cellWidth(cut.after) + cellWidth(marks.join(''));
	return (
		<>
			{cut.before}
			<Text color={theme.warning} bold={theme.bold} underline={theme.enabled}>
				{marks[0]}
				{cut.match}
				{marks[1]}
			</Text>
			{cut.after + ' '.repeat(Math.max(0, width - used))}
		</>
	);
}

/** A placeholder for a missing value, `(no name)`, `(empty)`: dim and italic where colour is on, cut or padded to `width`. */
export function Placeholder({text, width, theme}: {readonly text: string; readonly width?: number; readonly theme: Theme}) {
	return (
		<Text dimColor={theme.enabled} italic={theme.enabled}>
			{width === undefined ? text : fitCells(text, width)}
		</Text>
	);
}
