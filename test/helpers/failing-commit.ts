import {execFileSync} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, rmSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after} from 'node:test';
import {newDatabaseLocation, testEngine} from './engine.js';
import {runForeignClient} from './foreign-client.js';

/**
 * A database whose COMMITs can be made to fail on demand, the way they fail in the field:
 *
 * - SQLite: the file lives on a small tmpfs of its own; `break()` fills that disk to the last byte, so the
 *   next transaction fails when SQLite appends its pages to the WAL, at COMMIT (SQLITE_FULL). The `-shm`
 *   file must exist before (a connection open when the disk fills): SQLite allocates it when it maps it.
 * - PostgreSQL: `break()` adds a deferred constraint trigger on `post` that raises, so a transaction that
 *   inserts a post fails at its COMMIT, as a deferred foreign key or a serialization failure would.
 *
 * `mend()` undoes it. Mounting needs root (the tests run as root here); where mount is refused, `skip`
 * says why and the caller skips.
 */
export type FailingCommits = {
	/** What --database takes. */
	readonly location: string;
	break(): Promise<void>;
	mend(): Promise<void>;
	/** The engine's own words for the failure, as the app reports them. */
	readonly failure: RegExp;
};

export async function failingCommits(): Promise<FailingCommits | {skip: string}> {
	if (testEngine === 'postgres') {
		return postgresFailingCommits();
	}
	return sqliteOnFullDisk();
}

function sqliteOnFullDisk(): FailingCommits | {skip: string} {
	const directory = mkdtempSync(path.join(tmpdir(), 'microblog-full-disk-'));
	try {
		// 4 MiB: the migrated, seeded database and its WAL take a few hundred KiB.
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', directory], {stdio: ['ignore', 'ignore', 'pipe']});
	} catch (error) {
		rmSync(directory, {recursive: true, force: true});
		const stderr = String((error as {stderr?: Buffer}).stderr ?? '').trim();
		return {skip: `cannot mount a tmpfs to fill (${stderr.split('\n')[0] || (error as Error).message}); a full disk needs one (run as root)`};
	}
	after(() => {
		try {
			execFileSync('umount', [directory], {stdio: 'ignore'});
		} catch {
			// A process of the test still holds a file there (a failed test's TUI): detach it, it goes with the process.
			execFileSync('umount', ['-l', directory], {stdio: 'ignore'});
		}
		rmSync(directory, {recursive: true, force: true});
	});
	const filler = path.join(directory, 'filler');
	return {
		location: path.join(directory, 'app.db'),
		async break() {
			const fd = openSync(filler, 'a');
			try {
				// Large writes first, then smaller ones, down to a byte: nothing is left for a WAL frame.
				for (const size of [1 << 20, 1 << 16, 4096, 512, 1]) {
					const chunk = Buffer.alloc(size);
					for (;;) {
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
		async mend() {
			rmSync(filler, {force: true});
		},
		failure: /the disk holding .* is full/,
	};
}

async function postgresFailingCommits(): Promise<FailingCommits> {
	const location = await newDatabaseLocation();
	return {
		location,
		async break() {
			await runForeignClient(
				location,
				`CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit (test)'; END $$;
CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON post DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit();
`,
			);
		},
		async mend() {
			await runForeignClient(location, 'DROP TRIGGER refuse_at_commit ON post;\nDROP FUNCTION refuse_at_commit();\n');
		},
		failure: /refused at commit \(test\)/,
	};
}
