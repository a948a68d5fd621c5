/** The PostgreSQL that `.ci/run` starts; tests that need it exist only when it is set. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
