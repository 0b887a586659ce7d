// Each test file gets its own in-memory SQLite database (see db.ts).
process.env.ZEREN_TEST_DB = 'sqlite';
