// Stops the Galera cluster of galera-global.ts (by PID) and removes its folders, and the
// temp folders of test processes that have ended.
import type { GaleraCluster } from '../../scripts/galera';
import { removeEndedTestFiles } from './test-files';

export default async function globalTeardown(): Promise<void> {
  removeEndedTestFiles();
  const cluster = (globalThis as Record<string, unknown>).__ZEREN_GALERA__ as GaleraCluster | undefined;
  if (!cluster) return;
  await cluster.stop();
}
