import type {DatabaseLocation} from '../config.js';
import type {FileIdentity} from './sqlite-file.js';

export type Dialect = 'sqlite' | 'postgres';

/** A value bound to a statement's `$1`, `$2`, …: sent beside the SQL, never written into it. */
export type BindValue = string | number | null;

export type SelectOptions = {
	/** Not logged (a poll that would fill the SQL pane). */
	readonly quiet?: boolean;
	/** The values of `$1`, `$2`, … in the SQL, in order. */
	readonly bind?: readonly BindValue[];
};

/**
 * What a read needs of a database: SELECTs and the engine's literals. A Database (Sequelize,
 * source/db/connection.ts) is one; so is the SQLite reader (source/db/sqlite-reader.ts), which opens
 * the file through the driver alone: loading and setting up Sequelize was ~45 ms of a ~220 ms
 * `--list` (measured), for one query, and as much of the TUI's way to its first frame, which reads
 * only (source/db/deferred-database.ts). Queries that only read take a Reader and bind their values as
 * `$1`, `$2`, … (source/db/bound-values.ts), so either kind runs them alike. Values are never written
 * into the SQL: SQLite reads SQL text only up to a NUL, so a NUL in a quoted value ended the statement.
 */
export type Reader = {
	readonly location: DatabaseLocation;
	readonly dialect: Dialect;
	/** The rows of a SELECT, as the driver gives them. */
	select<Row extends object>(sql: string, options?: SelectOptions): Promise<Row[]>;
	close(): Promise<void>;
	/** SQLite: the file the path named when it was opened (see source/db/replaced-file.ts); undefined otherwise. */
	readonly openedFile?: FileIdentity;
};
