// Each test file gets its own database on the MariaDB server of mariadb-global.ts.
process.env.ZEREN_TEST_DB = 'mariadb';
