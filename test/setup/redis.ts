// A throwaway redis-server for the tests, as test/setup/mariadb-global.ts does for MariaDB:
// in a temporary folder, on a free loopback port, without persistence, stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, reapWhenOrphaned } from '../../scripts/mariadb';

export interface RedisServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const BINARY = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync) ?? null;

/** describe, or describe.skip without redis-server outside CI (with CI=true it must run: .ci/run installs it). */
export const describeWithRedis: jest.Describe = BINARY || process.env.CI ? describe : describe.skip;

export async function startRedis(): Promise<RedisServer> {
  if (!BINARY) throw new Error('CI=true but redis-server is not installed (apt-get install redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'zeren-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(BINARY, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no',
    '--protected-mode', 'yes',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  reapWhenOrphaned(child.pid!, dir);
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}/0`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited: ${stderr}`);
      const ok = await probe.connect().then(() => probe.ping(), () => null);
      if (ok === 'PONG') break;
      if (i > 100) throw new Error(`redis-server did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  } finally {
    probe.disconnect();
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) {
        process.kill(child.pid!, 'SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
        if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
