import {UserError} from '../errors.js';
import {sanitize} from '../text/sanitize.js';
import type {Reader} from './reader.js';


/**
 * A database Flask-Migrate (Alembic) made with the Flask Mega-Tutorial's tables, which microblog-tui has not adopted
 * yet: what it is, and the commands that adopt it. The stamp is the migration whose tables it holds (user; user and
 * post); `--stamp` itself checks the schema, so a database that only looks like the tutorial's is refused there.
 */
export async function flaskMigrateRefusal(database: Reader, tables: readonly string[]): Promise<UserError | undefined> {
	if (!tables.includes('alembic_version') || !tables.includes('user')) {
		return undefined;
	}
	const rows = await database.select<{version_num: string}>('SELECT version_num FROM alembic_version');
	const revision = rows.length === 0 ? 'no revision' : `revision ${rows.map(row => sanitize(String(row.version_num))).join(', ')}`;
	const target = tables.includes('post') ? '0002-create-post' : '0001-create-user';
	const found = tables.includes('post') ? 'user and post tables' : 'user table';
	const option = database.location.isDefault ? '' : ` --database '${database.location.display.replaceAll("'", "'\\''")}'`;
	const password = database.location.display.includes('***') ? ' (with your password for ***)' : '';
	return new UserError(
		[
			`${database.location.display} is a Flask-Migrate database (alembic_version at ${revision}) with the Flask Mega-Tutorial's ${found}, not yet adopted by microblog-tui; nothing was changed. To adopt it${password}:`,
			`  microblog-tui${option} --stamp ${target}`,
			`  microblog-tui${option} --migrate`,
		].join('\n'),
	);
}
