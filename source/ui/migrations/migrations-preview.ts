import {wrapCells} from '../text/cells.js';
import {sanitize} from '../text/sanitize.js';
import type {MigrationsPhase, PreviewPhase} from './migrations-screen.js';

/**
 * The preview's lines at `width`: a title, the statements `up` runs, those
 * `down` runs, each statement wrapped. Migration files are this program's own,
 * but their text is sanitised like everything else that reaches the terminal.
 */
export function previewLines(phase: PreviewPhase, dialect: string, width: number): string[] {
	if (phase.error) {
		return [phase.error];
	}
	if (!phase.sql) {
		return ['working out the SQL…'];
	}
	const section = (title: string, statements: readonly string[]) => [
		title,
		...(statements.length === 0 ? ['  (no statements)'] : statements.flatMap(statement => wrapCells(sanitize(statement), width - 2).map(line => `  ${line}`))),
	];
	return [
		...section(`upgrade: the SQL ${phase.name} runs on ${dialect}`, phase.sql.up),
		'',
		...section(`downgrade: the SQL reverting it runs`, phase.sql.down),
	];
}

/** The preview shows a title line above its scrolled lines. */
export function previewMaxOffset(phase: PreviewPhase, dialect: string, width: number, rows: number): number {
	return Math.max(0, previewLines(phase, dialect, width).length - Math.max(1, rows - 1));
}

/**
 * A key in the SQL preview: it scrolls with the list keys, and Esc, q or Enter go back to the list. `taken` is false
 * for the keys the global handler answers over it (the help, the SQL pane); any other key does nothing.
 */
export function previewKey(
	phase: PreviewPhase,
	name: string,
	dialect: string,
	size: {readonly width: number; readonly rows: number},
): {readonly next: MigrationsPhase; readonly taken: boolean} {
	const page = Math.max(1, size.rows - 2);
	const steps: Record<string, number> = {up: -1, k: -1, down: 1, j: 1, pageup: -page, 'ctrl-u': -page, pagedown: page, 'ctrl-d': page};
	const max = previewMaxOffset(phase, dialect, size.width, size.rows);
	const step = Object.hasOwn(steps, name) ? steps[name] : undefined;
	if (step !== undefined) {
		return {next: {...phase, offset: Math.max(0, Math.min(max, phase.offset + step))}, taken: true};
	}
	if (name === 'home' || name === 'g' || name === 'end' || name === 'G') {
		return {next: {...phase, offset: name === 'home' || name === 'g' ? 0 : max}, taken: true};
	}
	if (name === 'escape' || name === 'q' || name === 'enter') {
		return {next: {kind: 'list'}, taken: true};
	}
	return {next: phase, taken: name !== '?' && name !== '`'};
}
