/**
 * The state of one windowed list, as pure functions: a contiguous buffer of
 * rows (`rows[0]` sits at absolute index `start`), the selection and the first
 * visible row. Only `height` rows are ever rendered; the buffer holds those
 * plus a margin, fetched page by page.
 */
export type ListWindow<R> = {
	readonly rows: readonly R[];
	readonly start: number;
	readonly total: number;
	readonly selected: number;
	readonly top: number;
	readonly height: number;
	/** False until the first page has arrived. */
	readonly ready: boolean;
	/** False while `total` is only what the first page showed: the count comes after, so the rows can be drawn first. */
	readonly counted: boolean;
};

/**
 * Whether two windows draw the same screen: the same rows (by identity) in the visible slots, the
 * same selection, position and counts. A fetch that only fills the margin around the window
 * changes nothing on screen, and need not cost a frame.
 */
export function sameOnScreen<R>(a: ListWindow<R>, b: ListWindow<R>): boolean {
	if (
		a.selected !== b.selected ||
		a.top !== b.top ||
		a.total !== b.total ||
		a.height !== b.height ||
		a.ready !== b.ready ||
		a.counted !== b.counted
	) {
		return false;
	}
	for (let index = a.top; index < a.top + a.height; index++) {
		if (rowAt(a, index) !== rowAt(b, index)) {
			return false;
		}
	}
	return true;
}

export function emptyWindow<R>(height: number): ListWindow<R> {
	return {rows: [], start: 0, total: 0, selected: 0, top: 0, height: Math.max(1, height), ready: false, counted: false};
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(Math.max(value, low), Math.max(low, high));
}

/** Keeps the selection inside [0, total) and on screen, moving the window as little as possible. */
export function settle<R>(window: ListWindow<R>): ListWindow<R> {
	const selected = clamp(window.selected, 0, window.total - 1);
	let top = window.top;
	if (selected < top) {
		top = selected;
	}
	if (selected >= top + window.height) {
		top = selected - window.height + 1;
	}
	top = clamp(top, 0, window.total - window.height);
	return selected === window.selected && top === window.top ? window : {...window, selected, top};
}

export function moveTo<R>(window: ListWindow<R>, index: number): ListWindow<R> {
	return settle({...window, selected: index});
}

export function moveBy<R>(window: ListWindow<R>, delta: number): ListWindow<R> {
	return moveTo(window, window.selected + delta);
}

/** PgDn/PgUp: the window moves a page and the selection keeps its place on screen. */
export function pageBy<R>(window: ListWindow<R>, pages: number): ListWindow<R> {
	const delta = pages * window.height;
	const top = clamp(window.top + delta, 0, window.total - window.height);
	const selected = top === window.top ? window.selected + delta : window.selected + (top - window.top);
	return settle({...window, top, selected});
}

export function resize<R>(window: ListWindow<R>, height: number): ListWindow<R> {
	return settle({...window, height: Math.max(1, height)});
}

export function rowAt<R>(window: ListWindow<R>, index: number): R | undefined {
	return index >= window.start ? window.rows[index - window.start] : undefined;
}

export function selectedRow<R>(window: ListWindow<R>): R | undefined {
	return window.total > 0 ? rowAt(window, window.selected) : undefined;
}

/** The visible rows, `undefined` where a row is still being fetched. */
export function visibleRows<R>(window: ListWindow<R>): Array<{index: number; row: R | undefined}> {
	const end = Math.min(window.total, window.top + window.height);
	const visible: Array<{index: number; row: R | undefined}> = [];
	for (let index = window.top; index < end; index++) {
		visible.push({index, row: rowAt(window, index)});
	}
	return visible;
}

/**
 * The rows that should be in the buffer: the window and a whole page each side,
 * so that PgDn/PgUp draw rows already fetched and the next page is fetched
 * after the frame (with half a page, each PgDn waited for a query first).
 */
export function wantedRange<R>(window: ListWindow<R>): {low: number; high: number} {
	const margin = window.height;
	return {
		low: Math.max(0, window.top - margin),
		high: Math.min(window.total, window.top + window.height + margin),
	};
}

/** Drops buffered rows far from the window, so memory stays a few pages whatever the table size. */
export function trim<R>(window: ListWindow<R>): ListWindow<R> {
	const keep = window.height * 2;
	const low = Math.max(window.start, window.top - keep);
	const high = Math.min(window.start + window.rows.length, window.top + window.height + keep);
	if (low === window.start && high === window.start + window.rows.length) {
		return window;
	}
	if (high <= low) {
		return {...window, rows: [], start: window.top};
	}
	return {...window, rows: window.rows.slice(low - window.start, high - window.start), start: low};
}
