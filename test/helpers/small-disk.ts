import {execFileSync} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after} from 'node:test';

export type SmallDisk = {
	readonly directory: string;
	/** Fills the disk until at most `freeBytes` are left (tmpfs counts whole 4 KiB pages). */
	fill(freeBytes: number): void;
	/** Removes the filler. */
	empty(): void;
	/** What statfs says is free now. */
	free(): number;
};

/**
 * A tmpfs of its own (mounting needs root, as the tests run here), unmounted when the test file ends. Where mount is
 * refused, `skip` says why.
 */
export function smallDisk(size = '1m'): SmallDisk | {skip: string} {
	const directory = mkdtempSync(path.join(tmpdir(), 'microblog-small-disk-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', directory], {stdio: ['ignore', 'ignore', 'pipe']});
	} catch (error) {
		rmSync(directory, {recursive: true, force: true});
		const stderr = String((error as {stderr?: Buffer}).stderr ?? '').trim();
		return {skip: `cannot mount a tmpfs (${stderr.split('\n')[0] || (error as Error).message}); a full disk needs one (run as root)`};
	}
	after(() => {
		try {
			execFileSync('umount', [directory], {stdio: 'ignore'});
		} catch {
			// A process of a failed test still holds a file there: detach it, it goes with the process.
			execFileSync('umount', ['-l', directory], {stdio: 'ignore'});
		}
		rmSync(directory, {recursive: true, force: true});
	});
	const filler = path.join(directory, 'filler');
	const free = () => {
		const stats = statfsSync(directory);
		return stats.bavail * stats.bsize;
	};
	return {
		directory,
		free,
		fill(freeBytes) {
			const fd = openSync(filler, 'a');
			try {
				// Large writes first, then smaller ones, down to a byte.
				for (const size of [1 << 16, 4096, 512, 1]) {
					const chunk = Buffer.alloc(size);
					while (free() - size >= freeBytes) {
						try {
							writeSync(fd, chunk);
						} catch (error) {
							if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
								break;
							}
							throw error;
						}
					}
				}
			} finally {
				closeSync(fd);
			}
		},
		empty() {
			rmSync(filler, {force: true});
		},
	};
}
