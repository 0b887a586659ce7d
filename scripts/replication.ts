// A throwaway primary and replica MariaDB on loopback with GTID replication (issue 15), for
// the cluster project's replica tests: two servers of scripts/mariadb.ts, the replica
// read_only and following the primary from its first binlog event. The application signs in
// as `zeren` (no SUPER or READ_ONLY ADMIN: read_only holds for it), root administers.
import { createConnection, type Connection } from 'mysql2/promise';
import { startMariaDb, type StartedMariaDb } from './mariadb';

export const APP_USER = 'zeren';
const APP_PASSWORD = 'zeren-replica-test';

export interface Replication {
  readonly primary: StartedMariaDb;
  readonly replica: StartedMariaDb;
  /** mysql://zeren:…@127.0.0.1:PORT/ of each server, for the application. */
  readonly appUrls: { readonly primary: string; readonly replica: string };
  /** The replica stops applying (its SQL thread): from now on its lag is certain. */
  pause(): Promise<void>;
  /** The replica applies again and catches up with the primary's position. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const appUrl = (root: string): string => root.replace('mysql://root@', `mysql://${APP_USER}:${APP_PASSWORD}@`);

async function onRoot<T>(url: string, work: (c: Connection) => Promise<T>): Promise<T> {
  const conn = await createConnection(url);
  try {
    return await work(conn);
  } finally {
    await conn.end();
  }
}

/** Waits until the replica has applied everything the primary has written so far. */
async function catchUp(primary: string, replica: string): Promise<void> {
  const position = await onRoot(primary, async (c) => String(((await c.query('SELECT @@gtid_binlog_pos AS p'))[0] as { p: string }[])[0].p));
  const reached = await onRoot(replica, async (c) => ((await c.query('SELECT MASTER_GTID_WAIT(?, 30) AS r', [position]))[0] as { r: number }[])[0].r);
  if (Number(reached) !== 0) throw new Error(`the replica did not reach ${position}`);
}

export async function startReplication(): Promise<Replication> {
  const primary = await startMariaDb({ extraArgs: ['--log-bin=primary-bin', '--server-id=1', '--binlog-format=ROW', '--gtid-strict-mode=ON'] });
  let replica: StartedMariaDb | undefined;
  try {
    replica = await startMariaDb({ extraArgs: ['--server-id=2', '--read-only=ON', '--gtid-strict-mode=ON', '--relay-log=replica-relay'] });
    const port = new URL(primary.url).port;
    await onRoot(primary.url, async (c) => {
      await c.query("CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl-test'");
      await c.query("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'");
      // The application's account: everything on Zeren's databases, nothing server-wide.
      await c.query(`CREATE USER '${APP_USER}'@'127.0.0.1' IDENTIFIED BY '${APP_PASSWORD}'`);
      await c.query(`GRANT ALL PRIVILEGES ON \`zeren\\_%\`.* TO '${APP_USER}'@'127.0.0.1'`);
    });
    await onRoot(replica.url, async (c) => {
      await c.query(`CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${Number(port)}, MASTER_USER = 'repl', MASTER_PASSWORD = 'repl-test', MASTER_USE_GTID = slave_pos`);
      await c.query('START SLAVE');
    });
    await catchUp(primary.url, replica.url);
  } catch (err) {
    await replica?.stop();
    await primary.stop();
    throw err;
  }
  const started = replica;
  return {
    primary,
    replica: started,
    appUrls: { primary: appUrl(primary.url), replica: appUrl(started.url) },
    pause: () => onRoot(started.url, async (c) => { await c.query('STOP SLAVE SQL_THREAD'); }),
    async resume() {
      await onRoot(started.url, async (c) => { await c.query('START SLAVE SQL_THREAD'); });
      await catchUp(primary.url, started.url);
    },
    async stop() {
      await started.stop();
      await primary.stop();
    },
  };
}
