import {getHeapStatistics, setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

/**
 * The TUI's live heap stays near 25 MB whatever the database size, but V8 let
 * garbage pile up to ~110 MB of old generation before its first full
 * collection (profiled), so a session's peak RSS rose with every key press.
 * Above this much used heap, the TUI collects itself (checked four times a
 * second). At 1M posts it cut peak RSS from 179 to 140 MB; a full collection
 * of this heap takes ~25 ms (profiled), so PgDn's p95, where one most often
 * lands, went from 45 to 51 ms in the same runs. Collecting only while no key
 * is pressed kept the p95 lower but let the peak reach 170 MB. Not
 * `--optimize-for-size`: it doubled PgDn's p95 (34 → 66 ms, same run). Not a
 * semi-space flag: set at run time it changes nothing measurable, and in the
 * shebang it slowed every command's start by ~20 ms.
 */
const collectAboveBytes = 40 * 1024 * 1024;

/**
 * Lets the TUI call the collector. The built loader calls this before it
 * compiles the bundle: V8 rejects a code cache made under other flags.
 */
export function favourSmallHeap(): void {
	setFlagsFromString('--expose-gc');
}

/** Starts watching the heap; returns the function that stops it. */
export function capHeap(): () => void {
	favourSmallHeap();
	// A new context sees the flag set above (this one was created before it).
	const collect: unknown = runInNewContext('gc');
	if (typeof collect !== 'function') {
		return () => undefined;
	}
	const timer = setInterval(() => {
		if (getHeapStatistics().used_heap_size > collectAboveBytes) {
			(collect as () => void)();
		}
	}, 250);
	timer.unref();
	return () => clearInterval(timer);
}
