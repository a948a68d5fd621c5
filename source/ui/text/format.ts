/**
 * `12,345`. Not Intl.NumberFormat: creating one loads ICU's number data, ~7 ms of every start
 * (measured), for commas in whole numbers.
 */
export function formatCount(value: number): string {
	const digits = String(Math.trunc(Math.abs(value)));
	return (value < 0 ? '-' : '') + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Compact age for list rows: `now`, `42s`, `5m`, `3h`, `6d`, `7mo`, `2y`. */
export function relativeTime(date: Date | undefined, now: Date = new Date()): string {
	if (!date) {
		return '—';
	}
	if (Number.isNaN(date.getTime())) {
		// Another program stored text that names no time.
		return '?';
	}
	const seconds = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
	if (seconds < 5) {
		return 'now';
	}
	const steps: Array<[number, string]> = [
		[60, 's'],
		[60, 'm'],
		[24, 'h'],
		[30, 'd'],
		[12, 'mo'],
	];
	let value = seconds;
	for (const [size, unit] of steps) {
		if (value < size) {
			return `${Math.floor(value)}${unit}`;
		}
		value /= size;
	}
	return `${Math.floor(value)}y`;
}

/** An age in a sentence: `3h ago`, `just now` (not `now ago`); `—` or `?` alone when there is no time to tell. */
export function ageText(date: Date | undefined, now: Date = new Date()): string {
	const age = relativeTime(date, now);
	if (age === 'now') {
		return 'just now';
	}
	return date && !Number.isNaN(date.getTime()) ? `${age} ago` : age;
}

function pad(value: number, length = 2): string {
	return String(value).padStart(length, '0');
}

/** Exact local time with its UTC offset, e.g. `2024-03-05 14:07:09 +01:00`. */
export function localTime(date: Date): string {
	if (Number.isNaN(date.getTime())) {
		return 'unknown time';
	}
	const offset = -date.getTimezoneOffset();
	const sign = offset >= 0 ? '+' : '-';
	const absolute = Math.abs(offset);
	return (
		`${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
		`${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ` +
		`${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
	);
}
