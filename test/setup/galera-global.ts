// Starts a throwaway 3-node MariaDB Galera cluster on loopback (scripts/galera.ts) for the
// galera project unless TEST_GALERA_URLS is given. With CI=true a missing galera-4 fails
// the run (.ci/run installs it); elsewhere the project is skipped with a note.
import { findGalera, startGalera } from '../../scripts/galera';
import { findMariaDb } from '../../scripts/mariadb';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_GALERA_URLS) return;
  if (!findMariaDb() || !findGalera()) {
    if (process.env.CI) throw new Error('CI=true but galera-4 or mariadb-server is not installed: the Galera project must run');
    process.env.ZEREN_SKIP_MARIADB = '1';
    process.stderr.write('\n[galera] no galera-4 found: the Galera project is skipped (apt-get install galera-4 rsync)\n');
    return;
  }
  const cluster = await startGalera(3);
  process.env.TEST_GALERA_URLS = cluster.urls.map((u) => u.replace(/^mysql:/, 'mariadb:')).join(',');
  (globalThis as Record<string, unknown>).__ZEREN_GALERA__ = cluster;
}
