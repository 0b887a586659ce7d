// The galera project: the MariaDB suite's setup, each test file's database on the next
// node of the cluster (a worker's files take the nodes in turn), so that writes are spread
// across the three nodes.
import './env-mariadb';

const urls = (process.env.TEST_GALERA_URLS ?? '').split(',').filter(Boolean);
if (urls.length) {
  // process.env outlives a test file in its worker (the module registry does not).
  const turn = Number(process.env.ZEREN_GALERA_TURN ?? process.env.JEST_WORKER_ID ?? 0);
  process.env.ZEREN_GALERA_TURN = String(turn + 1);
  process.env.TEST_MYSQL_URL = urls[turn % urls.length];
}
