import type {StepFn} from '../source/db/migration-context.js';

/*
 * Live updates on PostgreSQL: every statement that changes post notifies the channel the TUI LISTENs on, whoever runs
 * it (psql, `microblog-tui --shell`, SQLAlchemy, a backup restore), so the TUI no longer hears only its own kind. The
 * payload is the writer's `microblog.sender` setting, which the app sets in its own write transactions
 * (source/db/change-signal.ts) so that a TUI skips the echo of its own writes; other programs leave it empty.
 * Statement-level: one NOTIFY for a 500-row INSERT, not 500 (PostgreSQL also folds equal ones in a transaction).
 * SQLite needs nothing: its readers poll PRAGMA data_version, which any writer moves.
 */
const channel = 'microblog_changes';

export const up: StepFn = async ({context: {sequelize, transaction, dialect}}) => {
	if (dialect !== 'postgres') {
		return;
	}
	await sequelize.query(
		`CREATE OR REPLACE FUNCTION microblog_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('${channel}', coalesce(current_setting('microblog.sender', true), ''));
	RETURN NULL;
END
$$`,
		{transaction},
	);
	await sequelize.query(
		'CREATE TRIGGER post_changed_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON post FOR EACH STATEMENT EXECUTE FUNCTION microblog_post_changed()',
		{transaction},
	);
};

export const down: StepFn = async ({context: {sequelize, transaction, dialect}}) => {
	if (dialect !== 'postgres') {
		return;
	}
	await sequelize.query('DROP TRIGGER IF EXISTS post_changed_notify ON post', {transaction});
	await sequelize.query('DROP FUNCTION IF EXISTS microblog_post_changed()', {transaction});
};
