/**
 * One statement the app ran: its text as sent, how long it took, and its place in the run. Or, with
 * `note` set, a line a library printed (console.warn …) while the TUI ran, labelled with its level:
 * the terminal belongs to Ink then, and these lines belong beside the statements that caused them.
 */
export type SqlEntry = {readonly seq: number; readonly sql: string; readonly ms: number; readonly note?: string};

/**
 * The last statements the app ran, for the SQL pane: a fixed-size ring, fed
 * by the database's `logging(sql, ms)` hook. Recording is an array write and
 * a counter; listeners (only a visible pane subscribes) hear once per tick,
 * however many statements ran in it, so a page of queries is one repaint.
 */
export class SqlLog {
	readonly capacity: number;
	readonly #ring: Array<SqlEntry | undefined>;
	#count = 0;
	#notes = 0;
	#snapshot: readonly SqlEntry[] = [];
	#snapshotAt = 0;
	readonly #listeners = new Set<() => void>();
	#notifyQueued = false;

	constructor(capacity = 200) {
		this.capacity = Math.max(1, capacity);
		this.#ring = Array.from({length: this.capacity});
	}

	/** The logging hook: pass as `openDatabase(location, {logging: log.record})`, or to openSqliteReader. */
	record = (sql: string, ms: number): void => {
		this.#push({seq: this.#count + 1, sql, ms});
	};

	/** A library's line (see SqlEntry), shown in the pane among the statements, `label` where the duration goes. */
	note = (label: string, text: string): void => {
		this.#notes++;
		this.#push({seq: this.#count + 1, sql: text, ms: 0, note: label});
	};

	/** How many of the entries since start were notes. */
	getNoteCount = (): number => this.#notes;

	#push(entry: SqlEntry): void {
		this.#count++;
		this.#ring[(this.#count - 1) % this.capacity] = entry;
		if (this.#listeners.size > 0 && !this.#notifyQueued) {
			this.#notifyQueued = true;
			queueMicrotask(() => {
				this.#notifyQueued = false;
				for (const listener of this.#listeners) {
					listener();
				}
			});
		}
	}

	/** How many statements were recorded since start (also the version for useSyncExternalStore). */
	getCount = (): number => this.#count;

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** The kept statements, oldest first; the same array until a statement is recorded. */
	entries(): readonly SqlEntry[] {
		if (this.#snapshotAt !== this.#count) {
			const kept = Math.min(this.#count, this.capacity);
			const first = this.#count - kept;
			this.#snapshot = Array.from({length: kept}, (_, index) => this.#ring[(first + index) % this.capacity]!);
			this.#snapshotAt = this.#count;
		}
		return this.#snapshot;
	}
}
