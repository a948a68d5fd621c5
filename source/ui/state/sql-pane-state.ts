import type {SqlLog} from '../../store/sql-log.js';
import {listMove} from '../input/list-moves.js';
import {listHeight, rootHeight, sqlPaneRows} from '../layout.js';
import type {ListKind} from '../layout.js';
import type {GlobalKeys} from './app-context.js';
import type {UiSettingsState} from './ui-settings-state.js';

/** Rows the SQL pane may be given with +/-: at least its title and two lines, and at most all but three of the body. */
const minPaneRows = 3;

/**
 * The SQL pane (`) and the rows it leaves to the rest: the terminal's size, the body's rows and each list's height.
 * Opening the pane or resizing the terminal changes every list's height, which the root passes on (`resized`).
 */
export class SqlPaneState implements GlobalKeys {
	/** The SQL pane is open. */
	open = false;
	/** The pane has the keys (f while it is open): they scroll it and size it instead of moving the list. */
	focused = false;
	/** The `seq` of the newest statement shown while scrolled back; undefined: the pane follows the newest. */
	anchor: number | undefined;
	#height: number;
	#width: number;

	constructor(
		size: {readonly height: number; readonly width: number},
		private readonly resized: () => void,
		private readonly log?: SqlLog,
		private readonly settings?: UiSettingsState,
	) {
		this.#height = size.height;
		this.#width = size.width;
	}

	get width(): number {
		return this.#width;
	}

	/** Rows of the whole frame (one less than the terminal's). */
	get rootRows(): number {
		return rootHeight(this.#height);
	}

	setWidth(width: number): void {
		this.#width = width;
	}

	setHeight(height: number): void {
		if (height === this.#height) {
			return;
		}
		this.#height = height;
		this.resized();
	}

	/** Rows of the body between the header and the hint line, less the SQL pane when it is open. */
	bodyRows(): number {
		return rootHeight(this.#height) - 3 - this.paneRows();
	}

	paneRows(): number {
		if (!this.open) {
			return 0;
		}
		const chosen = this.settings?.current.sqlPaneRows;
		return chosen === undefined ? sqlPaneRows(this.#height) : this.#clampRows(chosen);
	}

	#clampRows(rows: number): number {
		return Math.max(minPaneRows, Math.min(rows, rootHeight(this.#height) - 3 - 3));
	}

	/**
	 * Keys for the pane before the view's: f gives it the keys while it is open (and takes them back); with them it
	 * scrolls by statement (↑/↓ k/j, PgUp/PgDn Ctrl-U/Ctrl-D, g/G), grows or shrinks (+/-), and Esc gives them back.
	 * Tab keeps switching Feed / Users (it gives the keys back first): not a focus key, as it was before the pane had one.
	 */
	handleFocusKey(name: string): boolean {
		if (!this.open) {
			return false;
		}
		if (name === 'f') {
			this.focused = !this.focused;
			return true;
		}
		if (!this.focused) {
			return false;
		}
		if (name === 'tab' || name === 'backtab') {
			this.focused = false;
			return false;
		}
		if (name === 'escape') {
			this.focused = false;
			return true;
		}
		if (name === '+' || name === '=' || name === '-') {
			const rows = this.#clampRows(this.paneRows() + (name === '-' ? -1 : 1));
			if (rows !== this.paneRows()) {
				this.settings?.update({sqlPaneRows: rows});
				this.resized();
			}
			return true;
		}
		const move = listMove(name);
		if (!move) {
			return false;
		}
		this.#scroll(move);
		return true;
	}

	#scroll(move: NonNullable<ReturnType<typeof listMove>>): void {
		const entries = this.log?.entries() ?? [];
		if (entries.length === 0) {
			return;
		}
		const oldest = entries[0]!.seq;
		const newest = entries.at(-1)!.seq;
		// A page is about the statements the pane shows: most take one or two lines.
		const page = Math.max(1, Math.floor((this.paneRows() - 1) / 2));
		const current = this.anchor ?? newest;
		const step = {up: -1, down: 1, 'page-up': -page, 'page-down': page, first: oldest - current, last: newest - current}[move];
		const next = Math.max(oldest, Math.min(newest, current + step));
		// Back at the newest, the pane follows new statements again.
		this.anchor = next >= newest ? undefined : next;
	}

	listRows(kind: ListKind): number {
		return Math.max(1, listHeight(kind, this.#height) - this.paneRows());
	}

	handleGlobalKey(name: string): boolean {
		if (name !== '`') {
			return false;
		}
		this.open = !this.open;
		this.focused = false;
		this.anchor = undefined;
		this.resized();
		return true;
	}
}
