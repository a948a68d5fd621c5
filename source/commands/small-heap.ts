import {setFlagsFromString} from 'node:v8';

/**
 * The TUI's live heap stays near 25 MB whatever the database size, but with
 * V8's defaults its old generation grew to ~110 MB of garbage (and the young
 * one to 48 MB) before the first full collection, so a session's peak RSS
 * climbed with every key press. These two flags are read as the heap grows,
 * not only at start (measured: peak RSS over 500 `j` and 50 PgDn at 1M posts
 * ~160 → ~120 MB). Only the TUI sets them: one-shot commands (`--list`,
 * `--generate`) keep V8's faster defaults.
 */
export function favourSmallHeap(): void {
	setFlagsFromString('--optimize-for-size');
	setFlagsFromString('--max-semi-space-size=4');
}
