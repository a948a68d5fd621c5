import {listHeight, rootHeight, sqlPaneRows} from '../layout.js';
import type {ListKind} from '../layout.js';
import type {GlobalKeys} from './app-context.js';

/**
 * The SQL pane (`) and the rows it leaves to the rest: the terminal's size, the body's rows and each list's height.
 * Opening the pane or resizing the terminal changes every list's height, which the root passes on (`resized`).
 */
export class SqlPaneState implements GlobalKeys {
	/** The SQL pane is open. */
	open = false;
	#height: number;
	#width: number;

	constructor(
		size: {readonly height: number; readonly width: number},
		private readonly resized: () => void,
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
		return this.open ? sqlPaneRows(this.#height) : 0;
	}

	listRows(kind: ListKind): number {
		return Math.max(1, listHeight(kind, this.#height) - this.paneRows());
	}

	handleGlobalKey(name: string): boolean {
		if (name !== '`') {
			return false;
		}
		this.open = !this.open;
		this.resized();
		return true;
	}
}
