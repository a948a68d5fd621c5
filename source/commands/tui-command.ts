import {existsSync} from 'node:fs';
import type {DatabaseLocation} from '../config.js';
import type {Database} from '../db/connection.js';
import {DeferredDatabase} from '../db/deferred-database.js';
import {assertOwnDatabase, upgrade} from '../db/migrator.js';
import {closeDatabase} from '../db/replaced-file.js';
import type {OpenMode} from '../db/sqlite-file.js';
import {UsageError} from '../errors.js';
import {SqlLog} from '../store/sql-log.js';
import {capHeap} from '../small-heap.js';
import {fullScreenProblem} from './terminal-check.js';

/**
 * The TUI's database. An existing SQLite file is read through the SQLite reader from the start and gets
 * Sequelize after the first frame (source/db/deferred-database.ts); it is checked for writing first, so a
 * file the TUI could not write to is refused before anything is drawn, as before. A new default database
 * (created and migrated at once) and PostgreSQL open through Sequelize at once.
 */
async function openForTui(location: DatabaseLocation, sqlLog: SqlLog): Promise<Database> {
	// Only the default file is created on first start; a mistyped --database path should not become a new database.
	const open = (mode: OpenMode) => async () => {
		const {openDatabase} = await import('../db/connection.js');
		return openDatabase(location, {mode, logging: sqlLog.record});
	};
	if (location.dialect === 'sqlite' && location.storage !== ':memory:' && existsSync(location.storage)) {
		const {openSqliteReader} = await import('../db/sqlite-reader.js');
		const reader = await openSqliteReader(location, {logging: sqlLog.record, access: 'write'});
		// 'existing': a file removed meanwhile is an error at the first write, not a new empty database.
		return new DeferredDatabase(reader, open('existing'));
	}
	return open(location.isDefault ? 'create' : 'existing')();
}

export async function runTuiCommand(location: DatabaseLocation, options: {user?: string; color: boolean}): Promise<number> {
	const problem = fullScreenProblem({
		stdinIsTty: process.stdin.isTTY === true,
		stdoutIsTty: process.stdout.isTTY === true,
		term: process.env.TERM,
		platform: process.platform,
	});
	if (problem) {
		throw new UsageError(problem);
	}
	// Ink draws only the last frame when CI is set (is-in-ci, read when Ink loads); a person at a
	// terminal needs every frame, so the variables go before Ink is imported.
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	// Loading the UI (Ink, React, yoga) is CPU work on the main thread while opening the database is
	// mostly waiting for SQLite's threads or the server: start both at once. A failed open is
	// reported below; the loaded UI is then simply not used.
	const loadingUi = import('../ui/run-tui.js');
	loadingUi.catch(() => undefined);
	// The SQL pane's ring buffer: every statement from the first one, so opening the pane shows what start-up ran.
	const sqlLog = new SqlLog();
	// The database in use: R in the TUI, after its file was replaced on disk, closes it and opens the path again.
	let database = await openForTui(location, sqlLog);
	let closing: Promise<void> | undefined;
	// The file was found replaced on disk: closed at once. The old file's last connection checkpoints into it and
	// removes its -wal and -shm, which the file now at the path would otherwise take for its own (same names): any
	// program opening it would read the old file's pages, and checkpoint them into it.
	const release = async (): Promise<void> => {
		closing ??= closeDatabase(database).catch(() => undefined);
		await closing;
	};
	const reopen = async (): Promise<Database> => {
		await release();
		database = await openForTui(location, sqlLog);
		closing = undefined;
		// The file now at the path may be anything: another application's database is refused as at start.
		await assertOwnDatabase(database);
		return database;
	};
	try {
		let status = await assertOwnDatabase(database);
		if (location.isDefault && status.empty) {
			status = (await upgrade(database, undefined)).status;
		}
		const {runTui} = await loadingUi;
		const stopCapping = capHeap();
		const first = database;
		try {
			await runTui({
				database: first,
				initialUser: options.user,
				color: options.color,
				sqlLog,
				migrations: status,
				// Sequelize, for the first write, once the first frame is out; a failure shows at that write.
				afterFirstFrame: first instanceof DeferredDatabase ? () => void first.load().catch(() => undefined) : undefined,
				reopen: location.dialect === 'sqlite' ? reopen : undefined,
				release: location.dialect === 'sqlite' ? release : undefined,
			});
		} finally {
			stopCapping();
		}
		// A signal (SIGTERM 143, SIGHUP 129) ends the TUI normally but keeps its conventional exit code.
		return typeof process.exitCode === 'number' ? process.exitCode : 0;
	} finally {
		await release();
	}
}
