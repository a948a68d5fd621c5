import {wantedRange} from './list-window.js';
import type {ListWindow} from './list-window.js';
import type {ListSource} from './list-source.js';

/** One read towards the rows the window wants: on from the buffer's edge, or afresh from either end of the list. */
export type FetchPlan<R> =
	| {readonly kind: 'after'; readonly from: R; readonly count: number}
	| {readonly kind: 'before'; readonly from: R; readonly count: number}
	| {readonly kind: 'first'; readonly count: number}
	| {readonly kind: 'last'; readonly count: number};

/** The cheapest read towards the wanted range (the window and a page each side); undefined when nothing is missing. */
export function planFetch<R>(window: ListWindow<R>): FetchPlan<R> | undefined {
	if (!window.ready || window.total === 0) {
		return undefined;
	}
	const {low, high} = wantedRange(window);
	const start = window.start;
	const end = window.start + window.rows.length;
	const first = window.rows[0];
	const last = window.rows.at(-1);
	if (low >= start && high <= end) {
		return undefined;
	}
	const forward = high > end && last ? high - end : Number.POSITIVE_INFINITY;
	const backward = low < start && first ? start - low : Number.POSITIVE_INFINITY;
	const fromStart = high;
	const fromEnd = window.total - low;
	const cheapest = Math.min(forward, backward, fromStart, fromEnd);
	if (cheapest === forward && last) {
		return {kind: 'after', from: last, count: forward};
	}
	if (cheapest === backward && first) {
		return {kind: 'before', from: first, count: backward};
	}
	return cheapest === fromStart ? {kind: 'first', count: high} : {kind: 'last', count: fromEnd};
}

export async function readPlan<R>(source: ListSource<R>, plan: FetchPlan<R>): Promise<R[]> {
	switch (plan.kind) {
		case 'after':
			return source.after(plan.from, plan.count);
		case 'before':
			return source.before(plan.from, plan.count);
		case 'first':
			return source.first(plan.count);
		case 'last':
			return source.last(plan.count);
	}
}

/** The window with what `plan` read merged into its buffer: `window` is the window now, which keys may have moved meanwhile. */
export function mergeFetched<R>(window: ListWindow<R>, plan: FetchPlan<R>, rows: readonly R[]): ListWindow<R> {
	switch (plan.kind) {
		case 'after': {
			const merged = [...window.rows, ...rows];
			const total = rows.length < plan.count ? window.start + merged.length : window.total;
			return {...window, rows: merged, total};
		}
		case 'before': {
			const next = {...window, rows: [...rows, ...window.rows], start: window.start - rows.length};
			// The list shrank above us: what we hold now starts the list.
			return rows.length < plan.count ? {...next, start: 0, selected: next.selected - next.start, top: next.top - next.start} : next;
		}
		case 'first':
			return {...window, rows, start: 0, total: rows.length < plan.count ? rows.length : window.total};
		case 'last':
			return {...window, rows, start: window.total - rows.length};
	}
}
