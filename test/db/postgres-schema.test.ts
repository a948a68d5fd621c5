// runs once: PostgreSQL only, on its own database.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import pg from 'pg';
import {runCli} from '../helpers/cli.js';
import {newDatabaseLocation} from '../helpers/engine.js';
import {testDatabaseUrl} from '../helpers/postgres.js';

const url = testDatabaseUrl ? await newDatabaseLocation('schema', 'postgres') : undefined;

async function query<T>(sql: string): Promise<T[]> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		return (await client.query(sql)).rows as T[];
	} finally {
		await client.end();
	}
}

if (url) {
	describe('migrated schema (PostgreSQL) matches DESIGN.md', () => {
		it('columns, types and NOT NULL', async () => {
			assert.equal((await runCli(['--migrate', '-d', url])).code, 0);
			const columns = await query<{table_name: string; column_name: string; data_type: string; length: number | null; nullable: string}>(
				`SELECT table_name, column_name, data_type, character_maximum_length AS length, is_nullable AS nullable
				FROM information_schema.columns WHERE table_schema = 'public' AND table_name IN ('user', 'post')
				ORDER BY table_name DESC, ordinal_position`,
			);
			assert.deepEqual(
				columns.map(c => `${c.table_name}.${c.column_name} ${c.data_type}${c.length ? `(${c.length})` : ''} ${c.nullable === 'NO' ? 'NOT NULL' : 'NULL'}`),
				[
					'user.id integer NOT NULL',
					'user.username character varying(64) NOT NULL',
					'user.email character varying(120) NOT NULL',
					'user.password_hash character varying(128) NULL',
					'post.id integer NOT NULL',
					'post.body character varying(140) NOT NULL',
					'post.timestamp timestamp with time zone NOT NULL',
					'post.user_id integer NOT NULL',
				],
			);
		});

		it('indexes by name and uniqueness, and the foreign key without cascade', async () => {
			const indexes = await query<{indexname: string; indexdef: string}>(
				`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('user', 'post') AND indexname NOT LIKE '%_pkey' ORDER BY indexname`,
			);
			assert.deepEqual(
				indexes.map(index => index.indexdef.replace(/ ON public\./, ' ON ').replace(/USING btree /, '')),
				[
					'CREATE INDEX ix_post_timestamp ON post ("timestamp")',
					'CREATE INDEX ix_post_timestamp_id ON post ("timestamp", id)',
					'CREATE INDEX ix_post_user_id_timestamp_id ON post (user_id, "timestamp", id)',
					'CREATE UNIQUE INDEX ix_user_email ON "user" (email)',
					'CREATE UNIQUE INDEX ix_user_email_lower ON "user" (lower((email)::text))',
					'CREATE UNIQUE INDEX ix_user_username ON "user" (username)',
					'CREATE UNIQUE INDEX ix_user_username_lower ON "user" (lower((username)::text))',
				],
			);
			const keys = await query<{definition: string}>(
				`SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'post'::regclass AND contype = 'f'`,
			);
			assert.deepEqual(
				keys.map(key => key.definition),
				['FOREIGN KEY (user_id) REFERENCES "user"(id)'],
			);
		});

		it('round-trips down to base and up again', async () => {
			assert.equal((await runCli(['--downgrade', '--to', 'base', '--yes', '-d', url])).code, 0);
			const left = await query<{table_name: string}>(
				`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
			);
			assert.deepEqual(left.map(table => table.table_name), ['SequelizeMeta']);
			assert.equal((await runCli(['--migrate', '-d', url])).code, 0);
			assert.equal((await runCli(['--check', '-d', url])).code, 0);
		});
	});
}
