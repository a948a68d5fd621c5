import {useCursor} from 'ink';
import type {CursorPosition} from 'ink';
import {useSyncExternalStore} from 'react';
import type {SqlLog} from '../../store/sql-log.js';

export type TerminalCursorProps = {
	/** The insertion point of the field that has focus, in cells from the top left of the frame; undefined: hidden. */
	readonly position: CursorPosition | undefined;
	/** The SQL pane's log, while the pane is open beside a focused field (see below). */
	readonly sqlLog: SqlLog | undefined;
};

const noSubscribe = () => () => undefined;
const zero = () => 0;

/**
 * The real terminal cursor, at the insertion point of the focused field, so an input method draws its candidates
 * there; hidden when no field has focus. Ink keeps a position only for the frame whose commit set it: a frame drawn
 * by a component that re-renders alone hides the cursor. The one such component under a field is the SQL pane (it
 * follows the log by itself), so while it is open this renders with it, keeping the cursor through its frames.
 */
export function TerminalCursor({position, sqlLog}: TerminalCursorProps) {
	const {setCursorPosition} = useCursor();
	useSyncExternalStore(sqlLog?.subscribe ?? noSubscribe, sqlLog?.getCount ?? zero);
	setCursorPosition(position);
	return null;
}
