// Stops the throwaway mariadbd of mariadb-global.ts and removes its folder.
import type { StartedMariaDb } from '../../scripts/mariadb';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as Record<string, unknown>).__ZEREN_MARIADB__ as StartedMariaDb | undefined;
  if (!started) return;
  await started.stop();
}
