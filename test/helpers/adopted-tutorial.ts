// The Flask tutorial's database (test/helpers/flask-tutorial.ts) adopted by microblog-tui: its two tables recorded as
// made by our 0001 and 0002 (what `--stamp 0002-create-post` records), then `--migrate` run by the built binary.
import assert from 'node:assert/strict';
import {isPostgres, sqlShell} from '../shared-database/foreign-clients.js';
import {runCli} from './cli.js';
import {flaskTutorialDatabase} from './flask-tutorial.js';
import type {FlaskTutorialDatabase} from './flask-tutorial.js';

/** The migration the tutorial's chapter 4 schema corresponds to: `--stamp` takes it, and `--migrate` runs the rest. */
export const tutorialStamp = '0002-create-post';

/**
 * Records 0001 and 0002 as applied without running them, written by the sqlite3 shell or psql the way `--stamp`
 * writes them (applied_at NULL: recorded, never run here). Stands in for `--stamp` in tests of what follows adoption.
 */
export async function stampBySql(location: string): Promise<void> {
	const timestampType = isPostgres(location) ? 'TIMESTAMP WITH TIME ZONE' : 'DATETIME';
	await sqlShell(
		location,
		`CREATE TABLE IF NOT EXISTS "SequelizeMeta" (name VARCHAR(255) NOT NULL PRIMARY KEY, applied_at ${timestampType});
INSERT INTO "SequelizeMeta" (name, applied_at) VALUES ('0001-create-user', NULL), ('0002-create-post', NULL);`,
	);
}

/** A fresh tutorial database, stamped at 0002 and migrated by `microblog-tui --migrate`. */
export async function adoptedTutorialDatabase(options: Parameters<typeof flaskTutorialDatabase>[0] = {}): Promise<FlaskTutorialDatabase> {
	const made = await flaskTutorialDatabase(options);
	await stampBySql(made.location);
	const migrated = await runCli(['--database', made.location, '--migrate']);
	assert.equal(migrated.code, 0, `--migrate on the stamped tutorial database: ${migrated.stderr}`);
	return made;
}
