// Stops the throwaway mariadbd and removes its folder.
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as Record<string, unknown>).__ZEREN_MARIADB__ as { child: ChildProcess; dir: string } | undefined;
  if (!started) return;
  await new Promise<void>((resolve) => {
    started.child.once('exit', () => resolve());
    started.child.kill('SIGTERM');
    setTimeout(() => {
      started.child.kill('SIGKILL');
      resolve();
    }, 10_000).unref();
  });
  rmSync(started.dir, { recursive: true, force: true });
}
