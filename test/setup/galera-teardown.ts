// Stops the Galera cluster of galera-global.ts (by PID) and removes its folders.
import type { GaleraCluster } from '../../scripts/galera';

export default async function globalTeardown(): Promise<void> {
  const cluster = (globalThis as Record<string, unknown>).__ZEREN_GALERA__ as GaleraCluster | undefined;
  if (!cluster) return;
  await cluster.stop();
}
