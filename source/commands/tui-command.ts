import type {DatabaseLocation} from '../config.js';
import {openDatabase} from '../db/connection.js';
import {assertOwnDatabase, upgrade} from '../db/migrator.js';
import {UsageError} from '../errors.js';
import {SqlLog} from '../store/sql-log.js';
import {capHeap} from '../small-heap.js';

export async function runTuiCommand(location: DatabaseLocation, options: {user?: string; color: boolean}): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError("the TUI needs a terminal; to print posts without one, use 'microblog-tui --list posts'");
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
	// Only the default file is created on first start; a mistyped --database path should not become a new database.
	// The SQL pane's ring buffer: every statement from the first one, so opening the pane shows what start-up ran.
	const sqlLog = new SqlLog();
	const database = await openDatabase(location, {mode: location.isDefault ? 'create' : 'existing', logging: sqlLog.record});
	try {
		let status = await assertOwnDatabase(database);
		if (location.isDefault && status.empty) {
			status = (await upgrade(database, undefined)).status;
		}
		const {runTui} = await loadingUi;
		const stopCapping = capHeap();
		try {
			await runTui({database, initialUser: options.user, color: options.color, sqlLog, migrations: status});
		} finally {
			stopCapping();
		}
		// A signal (SIGTERM 143, SIGHUP 129) ends the TUI normally but keeps its conventional exit code.
		return typeof process.exitCode === 'number' ? process.exitCode : 0;
	} finally {
		await database.close().catch(() => undefined);
	}
}
