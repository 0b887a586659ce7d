// A throwaway MariaDB Galera cluster on loopback (issue 15): N nodes of scripts/mariadb.ts,
// each with its own data folder and ports (client, group communication, IST, SST), the
// first bootstrapping the cluster and the others joining it by rsync SST. Stopped by PID.
// Used by the galera jest project (test/setup/galera-global.ts); needs galera-4 and rsync.
import { existsSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { freePort, startMariaDb, type StartedMariaDb } from './mariadb';

const PROVIDERS = ['/usr/lib/galera/libgalera_smm.so', '/usr/lib/galera-4/libgalera_smm.so', '/usr/lib64/galera-4/libgalera_smm.so'];

export const findGalera = (): string | null => PROVIDERS.find(existsSync) ?? null;

export interface GaleraCluster {
  /** Each node's mysql://root@127.0.0.1:PORT/. */
  readonly urls: readonly string[];
  readonly nodes: readonly StartedMariaDb[];
  stop(): Promise<void>;
  kill(): void;
}

/** Waits until a node says it is a synced member of a cluster of `size`. */
async function waitSynced(url: string, size: number, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const conn = await createConnection(url);
    try {
      const [rows] = await conn.query("SHOW STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_size', 'wsrep_ready')");
      const status = Object.fromEntries((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]));
      if (status.wsrep_local_state_comment === 'Synced' && Number(status.wsrep_cluster_size) === size && status.wsrep_ready === 'ON') return;
    } finally {
      await conn.end();
    }
    if (Date.now() > deadline) throw new Error(`galera node ${url} did not sync`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startGalera(size = 3): Promise<GaleraCluster> {
  const provider = findGalera();
  if (!provider) throw new Error('galera-4 is not installed (apt-get install galera-4 rsync)');
  const ports = await Promise.all(Array.from({ length: size }, async () => ({ group: await freePort(), ist: await freePort(), sst: await freePort() })));
  const address = `gcomm://${ports.map((p) => `127.0.0.1:${p.group}`).join(',')}`;
  const nodes: StartedMariaDb[] = [];
  const kill = (): void => nodes.forEach((n) => n.kill());
  try {
    for (const [i, p] of ports.entries()) {
      nodes.push(await startMariaDb({
        bufferPool: '64M', systemUser: 'mysql',
        extraArgs: [
          '--wsrep-on=ON', `--wsrep-provider=${provider}`, '--wsrep-cluster-name=zeren-test', `--wsrep-node-name=node${i + 1}`,
          // The first bootstraps; the others list every member and join through it.
          `--wsrep-cluster-address=${i === 0 ? 'gcomm://' : address}`, '--wsrep-node-address=127.0.0.1',
          `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${p.group};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=64M;evs.suspect_timeout=PT10S`,
          '--wsrep-sst-method=rsync', `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`, '--wsrep-slave-threads=2',
          '--binlog-format=ROW', '--default-storage-engine=InnoDB', '--innodb-autoinc-lock-mode=2',
        ],
      }));
      await waitSynced(nodes[i].url, i + 1);
    }
  } catch (err) {
    kill();
    throw err;
  }
  return {
    urls: nodes.map((n) => n.url),
    nodes,
    kill,
    async stop() {
      // The joiners leave first, the bootstrap node last.
      for (const node of [...nodes].reverse()) await node.stop();
    },
  };
}
