import pg from 'pg';

/** The PostgreSQL that `.ci/run` starts; tests that need it exist only when it is set. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** Empties the test database's public schema, so a test starts from nothing. */
export async function resetPostgres(url: string): Promise<void> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public');
	} finally {
		await client.end();
	}
}
