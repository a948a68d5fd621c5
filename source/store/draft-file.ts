import {createHash} from 'node:crypto';
import {closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs';
import path from 'node:path';
import {dataDirectory} from '../config.js';
import type {DatabaseLocation} from '../config.js';

/** How long typing must pause before the draft is written: a key costs nothing, a crash loses at most this much. */
export const draftSaveDelayMs = 300;

/** The compose box's draft for one database, kept on disk so that it outlives Ctrl-C, a crash and kill -9. */
export type DraftFile = {
	/** The draft kept for this database by an earlier session, if any. */
	readonly load: () => string | undefined;
	/** The draft changed: written once typing pauses (an empty draft removes the file). */
	readonly save: (draft: string) => void;
	/** Written at once. */
	readonly saveNow: (draft: string) => void;
	/** A save still waiting is written now (quitting). */
	readonly flush: () => void;
};

type Stored = {readonly database: string; readonly draft: string};

/**
 * The draft file of `location`: `drafts/<hash of the location>.json` in the data directory (0700, the file 0600),
 * one per database, so a draft meant for one database is never offered in another. The file names the database as
 * it is shown (a PostgreSQL URL without its password) and is replaced atomically: a temp file, fsync, rename. None for
 * `:memory:`, whose data ends with the session anyway.
 */
export function draftFile(location: DatabaseLocation, options: {env?: NodeJS.ProcessEnv; debounceMs?: number} = {}): DraftFile | undefined {
	if (location.dialect === 'sqlite' && location.storage === ':memory:') {
		return undefined;
	}
	const debounceMs = options.debounceMs ?? draftSaveDelayMs;
	// The shown form: a path, or a URL with its password masked; the key never holds a password either.
	const identity = location.display;
	const directory = path.join(dataDirectory(options.env), 'drafts');
	const name = createHash('sha256').update(`${location.dialect}\u0000${identity}`).digest('hex').slice(0, 24);
	const file = path.join(directory, `${name}.json`);
	let timer: ReturnType<typeof setTimeout> | undefined;
	let waiting: string | undefined;

	const write = (draft: string) => {
		if (draft.trim() === '') {
			rmSync(file, {force: true});
			return;
		}
		mkdirSync(directory, {recursive: true, mode: 0o700});
		const temporary = `${file}.${process.pid}.tmp`;
		const stored: Stored = {database: identity, draft};
		const descriptor = openSync(temporary, 'w', 0o600);
		try {
			writeSync(descriptor, JSON.stringify(stored));
			fsyncSync(descriptor);
		} finally {
			closeSync(descriptor);
		}
		renameSync(temporary, file);
	};
	const saveNow = (draft: string) => {
		clearTimeout(timer);
		timer = undefined;
		waiting = undefined;
		write(draft);
	};
	return {
		load() {
			try {
				const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored>;
				return stored.database === identity && typeof stored.draft === 'string' && stored.draft.trim() !== '' ? stored.draft : undefined;
			} catch {
				// Missing, unreadable or damaged: there is no draft to offer.
				return undefined;
			}
		},
		save(draft) {
			waiting = draft;
			clearTimeout(timer);
			timer = setTimeout(() => {
				timer = undefined;
				if (waiting !== undefined) {
					const next = waiting;
					waiting = undefined;
					try {
						write(next);
					} catch {
						// A full disk or a read-only data directory: the draft is still in the box; the next save tries again.
					}
				}
			}, debounceMs);
			// A draft waiting to be written does not keep the process alive; quitting flushes it.
			timer.unref();
		},
		saveNow,
		flush() {
			if (waiting !== undefined) {
				saveNow(waiting);
			}
		},
	};
}
