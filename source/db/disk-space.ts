import {statSync, statfsSync} from 'node:fs';
import path from 'node:path';

/**
 * Room SQLite needs beyond what the database and its WAL already take: its `-shm` (32 KiB) and a transaction's pages
 * in the WAL. A disk with less than this free is full for SQLite's purposes.
 */
const slackBytes = 1 << 20;

/** The size of a file, 0 if there is none. stat opens nothing, so no lock of this process's connections is touched. */
function sizeOf(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}

/**
 * Whether the disk holding a SQLite file is too full for SQLite to write, and how much is free. SQLite reports a
 * full disk as SQLITE_FULL only when a write of the database or its WAL fails; when creating or growing the `-shm` or
 * the WAL fails it says SQLITE_IOERR ("disk I/O error"), which a failing disk says too. So an I/O error is called a
 * full disk only when the disk is nearly so: less free than the database and its WAL take, plus 1 MiB (a transaction
 * may write as many pages again). statfs on the directory and stat on the files open nothing (sqlite-file.ts says why
 * that matters).
 */
export function diskSpace(storage: string): {full: boolean; free: number} | undefined {
	if (storage === ':memory:') {
		return undefined;
	}
	try {
		const stats = statfsSync(path.dirname(storage));
		const free = stats.bavail * stats.bsize;
		return {full: free < sizeOf(storage) + sizeOf(`${storage}-wal`) + slackBytes, free};
	} catch {
		return undefined;
	}
}

/** `0 bytes`, `12 KiB`, `3.4 MiB`, `1.2 GiB`. */
export function formatBytes(bytes: number): string {
	const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return unit === 0 ? `${value} bytes` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
