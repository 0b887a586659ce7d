// Stops the throwaway mariadbd of mariadb-global.ts and removes its folder, and the temp
// folders of test processes that have ended.
import type { StartedMariaDb } from '../../scripts/mariadb';
import { removeEndedTestFiles } from './test-files';

export default async function globalTeardown(): Promise<void> {
  removeEndedTestFiles();
  const started = (globalThis as Record<string, unknown>).__ZEREN_MARIADB__ as StartedMariaDb | undefined;
  if (!started) return;
  await started.stop();
}
