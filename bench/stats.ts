export type Summary = {median: number; min: number; max: number; runs: number};

export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank]!;
}

export function summarise(values: readonly number[]): Summary {
	return {median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values), runs: values.length};
}
