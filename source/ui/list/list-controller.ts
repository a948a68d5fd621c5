import {emptyWindow, moveBy, moveTo, pageBy, resize, sameOnScreen, selectedRow, settle, trim} from './list-window.js';
import type {ListWindow} from './list-window.js';
import type {ListSource} from './list-source.js';
import {mergeFetched, planFetch, readPlan} from './list-fetch.js';
import {placeUpdate} from './list-update.js';
import {retryDelayMs} from '../retry-delay.js';

export type ListMove = 'up' | 'down' | 'page-up' | 'page-down' | 'first' | 'last';

/** A list's first rows, read before the list existed, and the limit they were read with. */
export type FirstPage<R> = {readonly limit: number; readonly rows: readonly R[]};

/** Rows a list reads at a time for a window `height` rows high: a page above and below the visible one. */
export function pageSizeFor(height: number): number {
	return height * 2;
}

/**
 * Promise.all that settles only once every read is answered: a failure then leaves none of them running behind the
 * next task in the queue (the reads of a failing list would otherwise pile up while a retry starts its own).
 */
async function allAnswered<T extends readonly unknown[]>(reads: {readonly [K in keyof T]: Promise<T[K]>}): Promise<T> {
	const settled = await Promise.allSettled(reads);
	const failed = settled.find(result => result.status === 'rejected');
	if (failed) {
		throw failed.reason;
	}
	return settled.map(result => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Owns one list's window and fetches what it needs: every fetch is queued so
 * pages arrive in order, and a new source (sort, filter) abandons the fetches
 * of the old one. A read that fails is reported and tried again (on a timer
 * that backs off, or at once on the next update()), so a list never stays
 * "loading…" after the database answers again.
 *
 * Over 300 lines on purpose: every read, retry and live update goes through the one promise queue below and checks
 * the one `generation` when it lands, and that pair is what keeps pages in order and drops a stale source's rows.
 * What needs neither is in its own file as pure functions: the window's arithmetic (list-window.ts), which read
 * fills the buffer (list-fetch.ts) and where a live update's rows go (list-update.ts).
 */
export class ListController<R> {
	window: ListWindow<R>;
	private source: ListSource<R>;
	private generation = 0;
	private queue: Promise<void> = Promise.resolve();
	private ensureQueued = false;
	private updateQueued = false;
	private disposed = false;
	/** The list's first row as last read: rows sorting before it are new. */
	private head: R | undefined;
	/** Rows that arrived above the first visible row while the user was scrolled away (the "↑ 3 new posts" line). */
	newAbove = 0;
	/** A read failed and the list has not been read whole since. */
	private failed = false;
	/** Failures in a row, for the backoff. */
	private failures = 0;
	private retryTimer: NodeJS.Timeout | undefined;
	/** A retry is queued or running: another one waits for it rather than queueing reads of its own. */
	private retrying = false;
	/** Updates came while the retry ran: one more read follows it, however many they were. */
	private retryAgain = false;

	constructor(
		source: ListSource<R>,
		height: number,
		/** After every change of the window; `visible` is false when the screen would look the same (a margin fetch). */
		private readonly onChange: (visible: boolean) => void,
		private readonly onError: (error: unknown) => void,
		/** Shown at once when it holds a whole first page for this height; the list then only counts. */
		firstPage?: FirstPage<R>,
	) {
		this.source = source;
		this.window = emptyWindow(height);
		if (firstPage !== undefined && firstPage.limit >= this.pageSize()) {
			this.showFirstPage(firstPage);
		} else {
			this.reload();
		}
	}

	dispose(): void {
		this.disposed = true;
		this.generation++;
		clearTimeout(this.retryTimer);
	}

	/** A read failed and the list is waiting to be read again (the reason went to onError). */
	get failing(): boolean {
		return this.failed;
	}

	selected(): R | undefined {
		return selectedRow(this.window);
	}

	/**
	 * A new sort or filter: start again at the top, or, given `keep` (the selected row, which the new source holds
	 * too), re-read around it, keeping it selected where it is on screen; the old rows show until the new ones come.
	 * Reads still out for an older source are dropped when they land, and those not started yet never run.
	 */
	setSource(source: ListSource<R>, keep?: R): void {
		this.source = source;
		this.head = undefined;
		if (keep !== undefined && this.window.ready) {
			const offset = this.window.selected - this.window.top;
			this.generation++;
			this.newAbove = 0;
			this.reloadAround(keep, offset);
			return;
		}
		this.window = emptyWindow(this.window.height);
		this.onChange(true);
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

	/**
	 * Loads the first page, shows it, then counts: a count over a million rows
	 * takes tens of ms that the first frame need not wait for.
	 */
	reload(): void {
		const generation = ++this.generation;
		this.newAbove = 0;
		// This read is the retry: a pending one would only repeat it.
		clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
		this.enqueue(async () => {
			if (generation !== this.generation) {
				// Another source came while this read waited its turn (a filter typed on): its own read follows.
				return;
			}
			const limit = this.pageSize();
			const rows = await this.source.first(limit);
			if (generation !== this.generation) {
				return;
			}
			const complete = rows.length < limit;
			this.set(settle({...emptyWindow<R>(this.window.height), rows, total: rows.length, ready: true, counted: complete}), false);
			if (!complete) {
				await this.countAfterFirstPage(generation);
			}
			this.readWhole(generation);
		});
		this.ensure();
	}

	/**
	 * reload() with the first page already read: the window is ready before the first frame is drawn, with no
	 * change reported (the list is being built; nothing shows it yet).
	 */
	private showFirstPage(firstPage: FirstPage<R>): void {
		const generation = ++this.generation;
		const limit = this.pageSize();
		const rows = firstPage.rows.slice(0, limit);
		this.window = settle({...emptyWindow<R>(this.window.height), rows, total: rows.length, ready: true, counted: rows.length < limit});
		this.head = rows[0];
		// The page was read before this list, and the app's watch for other programs' writes, existed: what was
		// written in between is read as a live update reads it, and only then is the list counted, so that the
		// rows and the count agree (counted first, the update would add the new rows to a total that had them).
		this.enqueue(async () => {
			await this.applyUpdate(generation);
			if (generation === this.generation && !this.window.counted) {
				await this.countAfterFirstPage(generation);
			}
		});
		this.ensure();
	}

	private async countAfterFirstPage(generation: number): Promise<void> {
		if (generation !== this.generation) {
			return;
		}
		const total = await this.source.count();
		if (generation !== this.generation) {
			return;
		}
		this.set(settle({...this.window, total: Math.max(total, this.window.start + this.window.rows.length), counted: true}));
	}

	/**
	 * A row this process has just written at the head of the list: shown and
	 * selected at once, and the total bumped, instead of reading and counting
	 * the list again.
	 */
	prepend(row: R): void {
		const generation = this.generation;
		this.enqueue(async () => {
			const window = this.window;
			if (generation !== this.generation || !window.ready) {
				return;
			}
			// A live update may have brought the row in already (SQLite's poll sees this process's own commit too): select it, count it once.
			const id = this.source.id(row);
			const present = window.rows.findIndex(candidate => this.source.id(candidate) === id);
			if (present !== -1) {
				this.set(settle({...window, selected: window.start + present}));
				return;
			}
			if (window.start === 0) {
				this.set(trim(settle({...window, rows: [row, ...window.rows], total: window.total + 1, selected: 0, top: 0})));
				return;
			}
			// Scrolled away: whether an update has counted the row already is unknown, so count again (a rare path).
			const [rows, total] = await Promise.all([this.source.first(this.pageSize()), this.source.count()]);
			if (generation === this.generation) {
				this.set(settle({...this.window, rows, start: 0, total: Math.max(total, rows.length), selected: 0, top: 0}));
			}
		});
	}

	/** Re-reads the list around `anchor` (default: the selected row), keeping that row where it is on screen. */
	reloadAround(anchor?: R, offset?: number): void {
		const generation = this.generation;
		// Keys may move the selection before the reads start, too (the queue may be busy): they count from here.
		const selectedAtCall = this.window.selected;
		this.enqueue(async () => {
			if (generation !== this.generation) {
				return;
			}
			const row = anchor ?? this.selected();
			if (!row) {
				const rows = await this.source.first(this.pageSize());
				const total = await this.source.count();
				if (generation === this.generation) {
					this.set(settle({...this.window, rows, start: 0, total: Math.max(total, rows.length), ready: true, counted: true}), false);
					this.readWhole(generation);
				}
				return;
			}
			const onScreen = offset ?? this.window.selected - this.window.top;
			// Without an anchor the row is the one selected now, and only later moves count.
			const selectedBefore = anchor === undefined ? this.window.selected : selectedAtCall;
			const limit = this.pageSize();
			const [position, before, after, total] = await allAnswered([
				this.source.position(row),
				this.source.before(row, limit),
				this.source.after(row, limit),
				this.source.count(),
			]);
			if (generation !== this.generation) {
				return;
			}
			const rows = [...before, row, ...after];
			const around = settle({
				...this.window,
				rows,
				start: position - before.length,
				total: Math.max(total, position + 1 + after.length),
				selected: position,
				top: position - onScreen,
				ready: true,
				counted: true,
			});
			// Keys pressed while the reads were out moved the selection from the anchor's old place: move as far from its new one.
			const moved = this.window.selected - selectedBefore;
			this.set(moved === 0 ? around : moveBy(around, moved), moved !== 0);
			this.readWhole(generation);
		});
	}

	/**
	 * Another process wrote or deleted rows: re-read what is buffered and keep
	 * the selection on the row it was on. Cheap whatever the table size: the
	 * rows new above the list's old first row are counted through the sort
	 * index (a range as long as what was added), the buffer is re-read by
	 * keyset, and positions are moved by arithmetic rather than counted.
	 */
	update(): void {
		if (this.failed) {
			// Something changed, or the connection is back: the failed read is worth trying now rather than on its timer.
			this.retry();
			return;
		}
		if (this.updateQueued) {
			return;
		}
		this.updateQueued = true;
		const generation = this.generation;
		this.enqueue(async () => {
			this.updateQueued = false;
			if (generation === this.generation && !this.disposed) {
				await this.applyUpdate(generation);
			}
		});
	}

	private async applyUpdate(generation: number): Promise<void> {
		let old = this.window;
		const head = this.head;
		if (!old.ready) {
			return;
		}
		if (!head || old.total === 0 || old.rows.length === 0) {
			// Nothing to keep a place on (an empty list, or one not read yet): read it afresh.
			this.reload();
			return;
		}
		const id = (row: R) => this.source.id(row);
		const added = await this.source.position(head);
		const held = old.rows.length;
		let fresh: R[];
		let start: number;
		let wanted: number;
		if (old.start === 0 && added <= this.pageSize()) {
			wanted = held + added;
			fresh = await this.source.first(wanted);
			start = 0;
		} else {
			// From the row now just before the buffer: the same range of keys as before.
			const [previous] = await this.source.before(old.rows[0]!, 1);
			wanted = held;
			fresh = previous ? await this.source.after(previous, wanted) : await this.source.first(wanted);
			start = previous ? old.start + added : 0;
		}
		const last = old.rows.at(-1)!;
		if (fresh.length === wanted && !fresh.some(row => id(row) === id(last))) {
			// Rows another program added inside the buffer (a post dated in the past, say) pushed its last rows out of
			// what was read: read on a buffer's length more, so a selection on them stays on its row.
			const more = await this.source.after(fresh.at(-1)!, held);
			fresh = [...fresh, ...more];
			wanted += held;
		}
		if (generation !== this.generation) {
			return;
		}
		// Keys moved the selection while the reads were out (fetches wait in the queue, so the rows did
		// not change): place what the user has selected now, not what was selected when the update began.
		old = {...old, selected: this.window.selected, top: this.window.top, height: this.window.height};
		const placed = placeUpdate(old, {fresh, start, wanted, added}, id);
		if (placed.kind === 'lost') {
			// Every buffered row went: no place to keep, so find one the exact way.
			this.reloadAround();
			return;
		}
		if (placed.kind === 'placed') {
			this.newAbove += placed.newAbove;
			this.set(placed.window);
			return;
		}
		if (!old.counted) {
			// A first page read ahead that nothing has changed: its total is only the page's length, and the caller counts next.
			return;
		}
		// The change was out of sight (deep in the list, or this process's own write echoed back): only the total may be off.
		const counted = await this.source.count();
		if (generation !== this.generation) {
			return;
		}
		if (counted !== old.total) {
			this.reloadAround();
		} else if (fresh.some((row, index) => row !== old.rows[index])) {
			// The current window, not `old`: keys may have moved the selection during the count.
			this.set({...this.window, rows: fresh}, false);
		}
	}

	private pageSize(): number {
		return pageSizeFor(this.window.height);
	}

	private set(window: ListWindow<R>, fetch = true): void {
		const previous = this.window;
		const newAbove = this.newAbove;
		this.window = window;
		if (window.start === 0 && window.rows.length > 0) {
			this.head = window.rows[0];
		}
		if (this.newAbove > 0 && window.top < this.newAbove) {
			// The user has come up to the new rows: they are seen.
			this.newAbove = 0;
		}
		if (!this.disposed) {
			this.onChange(this.newAbove !== newAbove || !sameOnScreen(previous, window));
		}
		if (fetch) {
			this.ensure();
		}
	}

	private enqueue(task: () => Promise<void>): void {
		this.queue = this.queue.then(task).catch(error => {
			if (!this.disposed) {
				this.failed = true;
				this.retryLater();
				this.onError(error);
			}
		});
	}

	/** The list was read afresh (its first page, or around its selection) and counted: whatever failed before is behind it. */
	private readWhole(generation: number): void {
		if (generation === this.generation && this.failed) {
			this.failed = false;
			this.failures = 0;
			if (!this.disposed) {
				// Nothing on screen moved, but whoever showed the failure can take it down.
				this.onChange(false);
			}
		}
	}

	private retryLater(): void {
		if (this.retryTimer !== undefined) {
			return;
		}
		const delay = retryDelayMs(this.failures);
		this.failures++;
		this.retryTimer = setTimeout(() => this.retry(), delay);
		// A list never keeps the process alive by itself.
		this.retryTimer.unref();
	}

	/**
	 * Reads again whatever a failure may have left out: the first page of a list never shown, else the rows around the
	 * selection. One retry at a time: while the database fails, a busy writer elsewhere can send an update every few ms
	 * (PostgreSQL notifies each commit), and a retry for each would queue reads faster than they are answered (once the
	 * database answered again, the list waited for the whole backlog), or, for a list never shown, start its read
	 * afresh and throw away the one in flight. Updates that come while a retry runs are answered by one more read after
	 * it, which sees whatever they announced.
	 */
	private retry(): void {
		clearTimeout(this.retryTimer);
		this.retryTimer = undefined;
		if (this.disposed) {
			return;
		}
		if (this.retrying) {
			this.retryAgain = true;
			return;
		}
		this.retrying = true;
		this.startRetry();
		// Queued after the retry's reads, so it runs once they are answered or have failed.
		this.enqueue(async () => {
			this.retrying = false;
			if (!this.retryAgain || this.disposed) {
				return;
			}
			this.retryAgain = false;
			if (this.failed) {
				this.retry();
			} else {
				this.update();
			}
		});
	}

	private startRetry(): void {
		if (!this.window.ready) {
			this.reload();
		} else if (this.selected() === undefined) {
			// The selected row itself was never read (a page down whose fetch failed): fetch what the window lacks.
			const generation = this.generation;
			this.enqueue(async () => {
				if (generation === this.generation && !this.window.counted) {
					await this.countAfterFirstPage(generation);
				}
			});
			this.ensure();
		} else {
			this.reloadAround();
		}
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
					if (this.window.ready && this.window.counted) {
						// Everything the window needs is read, and the list is counted.
						this.readWhole(generation);
					}
					break;
				}
			}
		});
	}

	/** One fetch towards the wanted range; false when nothing is missing. */
	private async fetchMissing(generation: number): Promise<boolean> {
		const plan = planFetch(this.window);
		if (!plan) {
			return false;
		}
		const rows = await readPlan(this.source, plan);
		if (generation !== this.generation) {
			return false;
		}
		const before = this.window;
		this.set(trim(settle(mergeFetched(this.window, plan, rows))), false);
		return this.window.rows !== before.rows;
	}
}
