import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each test file gets its own database on the MariaDB server of mariadb-global.ts.
process.env.ZEREN_TEST_DB = 'mariadb';
// Tests send thousands of requests as one persona a minute; the rate limit has its own test.
process.env.ZEREN_RATE_LIMIT_PER_MINUTE ??= '1000000';
// Uploaded evidence files of the tests go to a temp folder, not ./data.
process.env.ZEREN_FILES_DIR ??= join(tmpdir(), `zeren-test-files-${process.pid}`);
