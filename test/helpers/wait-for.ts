// Kept apart from tui.tsx, which imports Ink: a test that must set up the environment before Ink loads
// (Ink reads CI at import) can wait without loading it.

/**
 * How long a wait may take by default. Generous on purpose: the suite shares two cores with other work and runs
 * two files at a time; a sign-in's scrypt (~0.7 s idle) was measured at ~6 s with the load average at 8, and a
 * PostgreSQL round trip slows alike. Only a failing test waits this long; a timing the behaviour promises is
 * asserted with its own timeout.
 */
export const defaultWaitMs = 30_000;

/** Polls until `check` passes (Ink applies updates a tick or more later): never a fixed sleep. */
export async function waitFor<T>(check: () => T | undefined | false, options: {timeout?: number; what?: string} = {}): Promise<T> {
	const timeout = options.timeout ?? defaultWaitMs;
	const started = Date.now();
	let lastError: unknown;
	for (;;) {
		try {
			const result = check();
			if (result !== undefined && result !== false) {
				return result;
			}
		} catch (error) {
			lastError = error;
		}
		if (Date.now() - started > timeout) {
			const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
			throw new Error(`timed out waiting for ${options.what ?? 'a condition'}${detail}`);
		}
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}
