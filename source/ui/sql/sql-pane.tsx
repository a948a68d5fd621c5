import {Box, Text} from 'ink';
import {useSyncExternalStore} from 'react';
import type {SqlEntry, SqlLog} from '../../store/sql-log.js';
import {fitCells, truncateCells, wrapCells} from '../text/cells.js';
import {formatCount} from '../text/format.js';
import {sanitize} from '../text/sanitize.js';
import {useTheme} from '../theme.js';

export type SqlPaneProps = {
	readonly log: SqlLog | undefined;
	readonly width: number;
	/** Rows the pane fills, its title included. */
	readonly height: number;
	/** The pane has the keys (f): its title says which keys scroll and size it. */
	readonly focused?: boolean;
	/** The `seq` of the newest statement to show, scrolled back; undefined: the newest of all. */
	readonly anchor?: number;
};

/** Lines one statement may take: enough for a join's WHERE clause, not so many that one query fills the pane. */
const maxLinesPerStatement = 3;

/** Index of the FROM that ends the top-level select list, or -1 (skips sub-selects and quoted names). */
function topLevelFrom(sql: string, start: number): number {
	let depth = 0;
	let quote: string | undefined;
	for (let index = start; index < sql.length; index++) {
		const character = sql[index]!;
		if (quote) {
			if (character === quote) {
				quote = undefined;
			}
		} else if (character === '"' || character === "'" || character === '`') {
			quote = character;
		} else if (character === '(') {
			depth++;
		} else if (character === ')') {
			depth--;
		} else if (depth === 0 && /^ FROM /i.test(sql.slice(index, index + 6))) {
			return index;
		}
	}
	return -1;
}

/**
 * One statement as the pane shows it, in at most `maxLines` lines of `room`
 * cells: on one logical line, sanitised (a post's body can be in it), and —
 * when it would not fit — with the select list cut to `SELECT …`: the FROM,
 * JOIN and WHERE say more about what the ORM did than the column names.
 */
export function statementLines(sql: string, room: number, maxLines: number): string[] {
	const flat = sanitize(sql).replace(/\s+/g, ' ').trim();
	let lines = wrapCells(flat, room);
	if (lines.length > maxLines) {
		const select = /^SELECT (?:DISTINCT )?/i.exec(flat);
		const from = select ? topLevelFrom(flat, select[0].length) : -1;
		if (select && from !== -1) {
			lines = wrapCells(`${select[0]}…${flat.slice(from)}`, room);
		}
	}
	if (lines.length > maxLines) {
		// The rest of the statement on the last line, cut with an ellipsis.
		lines = [...lines.slice(0, maxLines - 1), truncateCells(lines.slice(maxLines - 1).join(' '), room)];
	}
	return lines;
}

function formatMs(ms: number): string {
	return ms < 10 && !Number.isInteger(ms) ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

/** The newest statements that fit `rows` lines, oldest of them first, each as its wrapped lines. */
export function paneLines(entries: readonly SqlEntry[], width: number, rows: number): string[] {
	return paneWindow(entries, width, rows, entries.length - 1).lines;
}

/** The statements up to entries[`last`] that fit `rows` lines, and the `seq` of the oldest of them shown. */
export function paneWindow(entries: readonly SqlEntry[], width: number, rows: number, last: number): {lines: string[]; firstSeq: number | undefined} {
	const lines: string[] = [];
	let firstSeq: number | undefined;
	for (let index = last; index >= 0 && lines.length < rows; index--) {
		const entry = entries[index]!;
		// A library's line (console.warn while the TUI ran) carries its level where a statement has its duration.
		const prefix = `${(entry.note ?? formatMs(entry.ms)).padStart(7)}  `;
		const room = Math.max(8, width - prefix.length);
		const wrapped = statementLines(entry.sql, room, maxLinesPerStatement);
		const block = wrapped.map((line, lineIndex) => (lineIndex === 0 ? prefix : ' '.repeat(prefix.length)) + line);
		// Whole statements only, except when the newest alone is taller than the pane.
		if (lines.length + block.length > rows && lines.length > 0) {
			break;
		}
		lines.unshift(...block.slice(0, rows));
		firstSeq = entry.seq;
	}
	return {lines, firstSeq};
}

/**
 * The last statements the app ran, newest at the bottom, live. Mounted only
 * while it is open: a hidden pane neither subscribes nor renders.
 */
export function SqlPane({log, width, height, focused = false, anchor}: SqlPaneProps) {
	const theme = useTheme();
	const count = useSyncExternalStore(log?.subscribe ?? noSubscribe, log?.getCount ?? zero);
	const body = Math.max(0, height - 1);
	const notes = log?.getNoteCount() ?? 0;
	const statements = count - notes;
	const messages = notes === 0 ? '' : ` · ${formatCount(notes)} library ${notes === 1 ? 'message' : 'messages'}`;
	const entries = log?.entries() ?? [];
	const last = anchor === undefined ? entries.length - 1 : entries.findIndex(entry => entry.seq === anchor);
	const shown = log ? paneWindow(entries, width, body, last === -1 ? entries.length - 1 : last) : {lines: [], firstSeq: undefined};
	const lastSeq = entries[last === -1 ? entries.length - 1 : last]?.seq;
	// Which of the run's entries are on screen, when not all of them are: the pane holds the last 200.
	const range =
		shown.firstSeq !== undefined && lastSeq !== undefined && (shown.firstSeq > 1 || lastSeq < count)
			? ` · ${formatCount(shown.firstSeq)}–${formatCount(lastSeq)} of ${formatCount(count)}`
			: '';
	const keys = focused ? '↑↓ PgUp/PgDn g/G scroll · +/- height · f/Esc back' : 'f scrolls · ` hides';
	const title = log
		? `SQL · ${formatCount(statements)} ${statements === 1 ? 'statement' : 'statements'} run${messages} · ${anchor === undefined ? 'newest last' : 'scrolled back'}${range} · ${keys}`
		: 'SQL · statement logging is off for this database · ` hides';
	const lines = shown.lines;
	return (
		<Box flexDirection="column" height={height}>
			<Text inverse={theme.selectedInverse} bold={theme.bold} color={focused ? theme.accent : undefined}>
				{theme.enabled ? fitCells(` ${title}`, width) : truncateCells(` ${title}`, width)}
			</Text>
			{lines.map((line, index) => (
				<Text key={index}>{truncateCells(line, width)}</Text>
			))}
		</Box>
	);
}

const noSubscribe = () => () => undefined;
const zero = () => 0;
