// Engine-neutral: the advice to Flask-Migrate users who share the database (docs/flask-tutorial.md, "Flask-Migrate's
// autogenerate on a shared database", which README links). test/fixtures/alembic_compare.py runs that page's two python
// blocks as they are written there (so the page and this test cannot drift apart) and asks Alembic what `flask db migrate` would
// propose on a database made by our own migrations and seeders: alembic.autogenerate.compare_metadata with the options
// Flask-Migrate's env.py passes (compare_type=True, render_as_batch=True, include_object), and Flask-Migrate itself.
// Debian's python3-alembic 1.8.1, python3-flask-migrate 4.0.4, python3-flask-sqlalchemy 3.0.3 and SQLAlchemy 1.4.46,
// through /usr/bin/python3. With the advice nothing is proposed; without each part of it, what the page warns about is.
import assert from 'node:assert/strict';
import path from 'node:path';
import {describe, it} from 'node:test';
import {compareSchema} from '../../source/db/schema-check.js';
import {seed} from '../../source/db/seeder.js';
import {projectRoot, runProcess} from '../helpers/cli.js';
import {migratedDatabase, select} from '../helpers/database.js';
import {testEngine} from '../helpers/engine.js';

const python = '/usr/bin/python3';
const fixture = path.join(projectRoot, 'test/fixtures/alembic_compare.py');
const postgres = testEngine === 'postgres';

type Run = `${'readme' | 'chapter4' | 'typed' | 'typed-as-readme-says'}:${'readme' | 'none'}`;
type Answer = {compare: Record<string, string[]>; 'flask db migrate': Record<string, string | null>};

/**
 * One fixture process (each run has its own Flask app and models): what compare_metadata proposes for each
 * `models:advice` in `compare`, and what `flask db migrate` writes (null: no migration) for each in `flaskDbMigrate`.
 */
async function autogenerate(location: string, compare: readonly Run[], flaskDbMigrate: readonly Run[] = []): Promise<Answer> {
	const args = [fixture, '--database', location, ...compare.flatMap(run => ['--compare', run]), ...flaskDbMigrate.flatMap(run => ['--flask-db-migrate', run])];
	const result = await runProcess(python, args, {timeoutMs: 120_000});
	assert.equal(result.code, 0, `alembic_compare.py: ${result.stderr}${result.stdout}`);
	return JSON.parse(result.stdout) as Answer;
}

// Migrated and seeded, so SequelizeMeta and SequelizeData (and, on SQLite, sqlite_sequence) are all there.
const compared = await migratedDatabase('alembic-compare.db');
await seed(compared.database);
const proposals = (await autogenerate(compared.file, ['readme:readme', 'readme:none', 'chapter4:readme', 'typed:readme', 'typed-as-readme-says:readme'])).compare;
// Flask-Migrate itself writes (alembic_version), so it gets a database of its own.
const flaskRun = await migratedDatabase('alembic-flask-db-migrate.db');
await seed(flaskRun.database);

describe(`Flask-Migrate's autogenerate on a database our migrations made, as docs/flask-tutorial.md advises (${testEngine})`, () => {
	it('proposes nothing with the page’s include_object and models', () => {
		assert.deepEqual(proposals['readme:readme'], []);
	});

	it('without the include_object, proposes dropping our tables and feed indexes (and on SQLite sqlite_sequence and the ids’ NOT NULL)', () => {
		const expected = [
			'remove_index ix_post_timestamp_id',
			'remove_index ix_post_user_id_timestamp_id',
			'remove_table SequelizeData',
			'remove_table SequelizeMeta',
		];
		if (!postgres) {
			// SQLite reflects `id INTEGER PRIMARY KEY AUTOINCREMENT` as nullable: the include_object's column clause.
			expected.push('modify_nullable post.id', 'modify_nullable user.id', 'remove_table sqlite_sequence');
		}
		assert.deepEqual(proposals['readme:none'], expected.sort());
	});

	it('with chapter 4’s models as written, proposes the five nullable columns the page names (and on PostgreSQL timestamp’s type)', () => {
		const expected = [
			'modify_nullable post.body',
			'modify_nullable post.timestamp',
			'modify_nullable post.user_id',
			'modify_nullable user.email',
			'modify_nullable user.username',
		];
		if (postgres) {
			expected.push('modify_type post.timestamp'); // timestamptz here, DateTime() there
		}
		assert.deepEqual(proposals['chapter4:readme'], expected.sort());
	});

	it('with the 2024 edition’s typed models, proposes ix_post_user_id and password_hash’s length (and on PostgreSQL timestamp’s type); changed as the page says, nothing', () => {
		const expected = ['add_index ix_post_user_id', 'modify_type user.password_hash'];
		if (postgres) {
			expected.push('modify_type post.timestamp');
		}
		assert.deepEqual(proposals['typed:readme'], expected.sort());
		assert.deepEqual(proposals['typed-as-readme-says:readme'], []);
	});

	it('Flask-Migrate itself (flask db init, flask db migrate): no migration with the page’s blocks, one dropping our tables without them; an empty alembic_version left, which --check accepts', async () => {
		const written = (await autogenerate(flaskRun.file, [], ['readme:readme', 'chapter4:none']))['flask db migrate'];
		assert.equal(written['readme:readme'], null, 'no migration written with the page’s blocks');
		const unadvised = written['chapter4:none'];
		assert.ok(unadvised, 'a migration written without them');
		for (const operation of [
			"op.drop_table('SequelizeMeta')",
			"op.drop_table('SequelizeData')",
			"batch_op.drop_index('ix_post_timestamp_id')",
			"batch_op.drop_index('ix_post_user_id_timestamp_id')",
		]) {
			assert.ok(unadvised.includes(operation), `${operation} in:\n${unadvised}`);
		}

		const [row] = await select<{count: number | string}>(flaskRun.database, 'SELECT count(*) AS count FROM alembic_version');
		assert.equal(Number(row?.count), 0);
		// Alembic's record table is bookkeeping, as ours is: --check still finds the schema it expects.
		assert.deepEqual(await compareSchema(flaskRun.database), []);
	});
});
