import {emptyWindow, moveBy, moveTo, pageBy, resize, selectedRow, settle, trim, wantedRange} from './list-window.js';
import type {ListWindow} from './list-window.js';
import type {ListSource} from './list-source.js';

export type ListMove = 'up' | 'down' | 'page-up' | 'page-down' | 'first' | 'last';

/**
 * Owns one list's window and fetches what it needs: every fetch is queued so
 * pages arrive in order, and a new source (sort, filter) abandons the fetches
 * of the old one.
 */
export class ListController<R> {
	window: ListWindow<R>;
	private source: ListSource<R>;
	private generation = 0;
	private queue: Promise<void> = Promise.resolve();
	private ensureQueued = false;
	private disposed = false;

	constructor(
		source: ListSource<R>,
		height: number,
		private readonly onChange: () => void,
		private readonly onError: (error: unknown) => void,
	) {
		this.source = source;
		this.window = emptyWindow(height);
		this.reload();
	}

	dispose(): void {
		this.disposed = true;
		this.generation++;
	}

	selected(): R | undefined {
		return selectedRow(this.window);
	}

	/** A new sort or filter: start again at the top. */
	setSource(source: ListSource<R>): void {
		this.source = source;
		this.window = emptyWindow(this.window.height);
		this.onChange();
		this.reload();
	}

	setHeight(height: number): void {
		if (height !== this.window.height) {
			this.set(resize(this.window, height));
		}
	}

	move(move: ListMove): void {
		const window = this.window;
		const next = {
			up: () => moveBy(window, -1),
			down: () => moveBy(window, 1),
			'page-up': () => pageBy(window, -1),
			'page-down': () => pageBy(window, 1),
			first: () => moveTo(window, 0),
			last: () => moveTo(window, window.total - 1),
		}[move]();
		this.set(next);
	}

	/** Loads the count and the first page again. */
	reload(): void {
		const generation = ++this.generation;
		this.enqueue(async () => {
			const total = await this.source.count();
			const rows = await this.source.first(this.pageSize());
			if (generation !== this.generation) {
				return;
			}
			this.set(settle({...emptyWindow<R>(this.window.height), rows, total: Math.max(total, rows.length), ready: true}), false);
		});
		this.ensure();
	}

	/** Re-reads the list around `anchor` (default: the selected row), keeping that row where it is on screen. */
	reloadAround(anchor?: R, offset?: number): void {
		const generation = this.generation;
		this.enqueue(async () => {
			const row = anchor ?? this.selected();
			if (!row) {
				const rows = await this.source.first(this.pageSize());
				const total = await this.source.count();
				if (generation === this.generation) {
					this.set(settle({...this.window, rows, start: 0, total: Math.max(total, rows.length), ready: true}), false);
				}
				return;
			}
			const onScreen = offset ?? this.window.selected - this.window.top;
			const limit = this.pageSize();
			const [position, before, after, total] = await Promise.all([
				this.source.position(row),
				this.source.before(row, limit),
				this.source.after(row, limit),
				this.source.count(),
			]);
			if (generation !== this.generation) {
				return;
			}
			const rows = [...before, row, ...after];
			this.set(
				settle({
					...this.window,
					rows,
					start: position - before.length,
					total: Math.max(total, position + 1 + after.length),
					selected: position,
					top: position - onScreen,
					ready: true,
				}),
				false,
			);
		});
	}

	/** Polled: when the count changed (another process wrote or deleted), reload around the selection. */
	refresh(): void {
		if (!this.window.ready) {
			return;
		}
		const generation = this.generation;
		this.enqueue(async () => {
			const total = await this.source.count();
			if (generation === this.generation && total !== this.window.total) {
				this.reloadAround();
			}
		});
	}

	private pageSize(): number {
		return this.window.height * 2;
	}

	private set(window: ListWindow<R>, fetch = true): void {
		this.window = window;
		if (!this.disposed) {
			this.onChange();
		}
		if (fetch) {
			this.ensure();
		}
	}

	private enqueue(task: () => Promise<void>): void {
		this.queue = this.queue.then(task).catch(error => {
			if (!this.disposed) {
				this.onError(error);
			}
		});
	}

	/** Fetches until the buffer covers the window and its margin. */
	private ensure(): void {
		if (this.ensureQueued) {
			return;
		}
		this.ensureQueued = true;
		const generation = this.generation;
		this.enqueue(async () => {
			this.ensureQueued = false;
			for (let round = 0; round < 20 && generation === this.generation && !this.disposed; round++) {
				if (!(await this.fetchMissing(generation))) {
					break;
				}
			}
		});
	}

	/** One fetch towards the wanted range; false when nothing is missing. */
	private async fetchMissing(generation: number): Promise<boolean> {
		const window = this.window;
		if (!window.ready || window.total === 0) {
			return false;
		}
		const {low, high} = wantedRange(window);
		const start = window.start;
		const end = window.start + window.rows.length;
		const first = window.rows[0];
		const last = window.rows.at(-1);
		if (low >= start && high <= end) {
			return false;
		}
		// The cheapest way to reach the range: from the buffer's edge, or afresh from either end of the list.
		const forward = high > end && last ? high - end : Number.POSITIVE_INFINITY;
		const backward = low < start && first ? start - low : Number.POSITIVE_INFINITY;
		const fromStart = high;
		const fromEnd = window.total - low;
		const cheapest = Math.min(forward, backward, fromStart, fromEnd);
		let next: ListWindow<R>;
		if (cheapest === forward && last) {
			const rows = await this.source.after(last, forward);
			if (generation !== this.generation) {
				return false;
			}
			const merged = [...this.window.rows, ...rows];
			const total = rows.length < forward ? this.window.start + merged.length : this.window.total;
			next = {...this.window, rows: merged, total};
		} else if (cheapest === backward && first) {
			const rows = await this.source.before(first, backward);
			if (generation !== this.generation) {
				return false;
			}
			next = {...this.window, rows: [...rows, ...this.window.rows], start: this.window.start - rows.length};
			if (rows.length < backward) {
				// The list shrank above us: what we hold now starts the list.
				next = {...next, start: 0, selected: next.selected - next.start, top: next.top - next.start};
			}
		} else if (cheapest === fromStart) {
			const rows = await this.source.first(high);
			if (generation !== this.generation) {
				return false;
			}
			next = {...this.window, rows, start: 0, total: rows.length < high ? rows.length : this.window.total};
		} else {
			const rows = await this.source.last(fromEnd);
			if (generation !== this.generation) {
				return false;
			}
			next = {...this.window, rows, start: this.window.total - rows.length};
		}
		const before = this.window;
		this.set(trim(settle(next)), false);
		return this.window.rows !== before.rows;
	}
}
