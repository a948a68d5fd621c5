/** The wait before a failed read is tried again: 250 ms, doubled with each failure in a row, up to 4 s. */
export function retryDelayMs(failures: number): number {
	return Math.min(4000, 250 * 2 ** failures);
}
