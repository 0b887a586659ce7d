// A throwaway mariadbd from the system binary: a temp folder, a free loopback port,
// stopped by its PID and the folder removed (also when the process that started it dies first). Shared by the MariaDB test project
// (test/setup/mariadb-global.ts) and the load benchmark (scripts/bench-load.ts).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { createConnection } from 'mysql2/promise';

/** The full path of an executable on PATH or in the usual sbin folders, or null. */
export const which = (cmd: string): string | null => {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/bin']) {
    const res = spawnSync('test', ['-x', join(dir, cmd)]);
    if (res.status === 0) return join(dir, cmd);
  }
  return null;
};

/** The server and install binaries, or null when MariaDB (or MySQL) is not installed. */
export function findMariaDb(): { mariadbd: string; installDb: string } | null {
  const mariadbd = which('mariadbd') ?? which('mysqld');
  const installDb = which('mariadb-install-db') ?? which('mysql_install_db');
  return mariadbd && installDb ? { mariadbd, installDb } : null;
}

const handedOut = new Set<number>();

/**
 * A loopback port free now, below the kernel's ephemeral range (32768 up): a port picked by
 * bind(0) comes from that range, where any client socket of this machine may take it before
 * the server binds it. Never the same port twice in one process.
 */
export const freePort = async (): Promise<number> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (handedOut.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port between 20000 and 32000');
};

/** Thrown when the server on the port is not the one started (it lost the port to another). */
class NotOurs extends Error {}

/**
 * Waits until the server on the URL answers and is the one on this data folder: a server that
 * lost its port to another process exits, and the other one would answer in its place.
 */
async function waitFor(url: string, datadir: string, started: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (started.exitCode !== null || started.signalCode !== null) throw new NotOurs(`mariadbd exited (${started.exitCode ?? started.signalCode})`);
    let answered: string | undefined;
    try {
      const conn = await createConnection(url);
      const [rows] = await conn.query('SELECT @@datadir AS d');
      await conn.end();
      answered = (rows as { d: string }[])[0].d;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    if (resolvePath(answered) !== resolvePath(datadir)) throw new NotOurs(`another server (${answered}) answers on ${url}`);
    return;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A watchdog for a throwaway server: a detached shell that, once this process is gone (a test
 * run killed on a timeout, say) while the server still runs, stops the server by its PID and
 * removes its folder, if it has one of its own. It ends by itself when the server does. Nothing is left behind either way.
 */
export function reapWhenOrphaned(serverPid: number, dir?: string): void {
  const owner = process.pid;
  const remove = dir ? `; sleep 1; rm -rf '${dir.replace(/'/g, '')}'` : '';
  const script = `while kill -0 ${owner} 2>/dev/null && kill -0 ${serverPid} 2>/dev/null; do sleep 2; done; `
    + `if kill -0 ${serverPid} 2>/dev/null; then kill -9 ${serverPid}${remove}; fi`;
  spawn('sh', ['-c', script], { stdio: 'ignore', detached: true }).unref();
}

export interface StartedMariaDb {
  /** mysql://root@127.0.0.1:PORT/ (no database selected). */
  readonly url: string;
  readonly dir: string;
  /** The running server's PID (a new one after a restart). */
  readonly pid: number;
  /** SIGTERM to the PID, SIGKILL after 10 s, then the folder is removed. */
  stop(): Promise<void>;
  /** Synchronous last resort for process exit handlers: SIGKILL and remove the folder. */
  kill(): void;
  /** A crash: SIGKILL, and wait until the process is gone (the folder stays). */
  crash(): Promise<void>;
  /** Starts mariadbd again on the same folder and port (after a crash), and waits until it answers. */
  restart(): Promise<void>;
}

export interface MariaDbOptions {
  /** innodb-buffer-pool-size, e.g. '128M' (the tests) or '1G' (the benchmark). */
  readonly bufferPool?: string;
  readonly extraArgs?: readonly string[];
  /**
   * The system account mariadbd runs as when the tests run as root (default root). Galera's
   * rsync state transfer needs a non-root one ('mysql', made by the mariadb-server package):
   * rsync's daemon, started as root, would switch to nobody and fail to write the files.
   */
  readonly systemUser?: string;
}

/** Installs a data folder and starts mariadbd on it; throws when it is not installed or does not start. */
export async function startMariaDb(options: MariaDbOptions = {}): Promise<StartedMariaDb> {
  const found = findMariaDb();
  if (!found) throw new Error('no mariadbd is installed (apt-get install mariadb-server)');
  const dir = mkdtempSync(join(tmpdir(), 'zeren-mariadb-'));
  const datadir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? [`--user=${options.systemUser ?? 'root'}`] : [];
  if (asRoot && options.systemUser) {
    mkdirSync(datadir);
    chmodSync(dir, 0o755);
    const owned = spawnSync('chown', ['-R', `${options.systemUser}:`, dir], { encoding: 'utf8' });
    if (owned.status !== 0) throw new Error(`chown ${options.systemUser}: ${owned.stderr}`);
  }
  const init = spawnSync(found.installDb, ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user], { encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  }
  const argsOn = (port: number): string[] => [
    '--no-defaults', `--datadir=${datadir}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', `--innodb-buffer-pool-size=${options.bufferPool ?? '128M'}`,
    '--innodb-flush-log-at-trx-commit=0', '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci',
    '--max-connections=500', '--skip-name-resolve', ...(options.extraArgs ?? []), ...user,
  ];
  let port = 0;
  let stderr = '';
  let child: ChildProcess;
  let pid = 0;
  const urlOn = (p: number): string => `mysql://root@127.0.0.1:${p}/`;
  const launch = async (): Promise<void> => {
    child = spawn(found.mariadbd, argsOn(port), { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
    child.stderr?.on('data', (d) => (stderr = (stderr + String(d)).slice(-16000)));
    pid = child.pid!;
    reapWhenOrphaned(pid, dir);
    try {
      await waitFor(urlOn(port), datadir, child, 60_000);
    } catch (err) {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      throw err;
    }
  };
  const kill = (): void => {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  // A port can be taken between picking it and the server binding it: then on another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      if (err instanceof NotOurs && attempt < 3) continue;
      kill();
      throw new Error(`mariadbd did not start: ${String(err)}\n${stderr.slice(-4000)}`);
    }
  }
  const url = urlOn(port);
  writeFileSync(join(dir, 'url'), url);
  const exited = (): Promise<void> => new Promise<void>((resolve) => {
    if (!alive(pid) || child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url, dir, kill,
    get pid() {
      return pid;
    },
    async crash() {
      const gone = exited();
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      await gone;
    },
    async restart() {
      await launch();
    },
    async stop() {
      if (alive(pid)) {
        const gone = exited();
        process.kill(pid, 'SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([gone, new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            if (alive(pid)) process.kill(pid, 'SIGKILL');
            resolve();
          }, 10_000);
        })]);
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
