// Bench-only entry of the load benchmark (scripts/bench-load.ts): the real server in a
// child process, so its CPU is measurable, configured from the environment like main.ts
// (NODE_ENV=production, DATABASE_URL, ZEREN_TOKEN_SECRET, LOG_LEVEL), on a free loopback
// port, with a statement counter. It answers the parent over IPC only: the product has no
// debug endpoints.
import type { AddressInfo } from 'node:net';
import { isObjectType } from 'graphql';
import { signToken } from '../src/auth/token';
import { config } from '../src/config';
import { createDataSource } from '../src/data-source';
import { createServer } from '../src/server';
import { StatementCounter } from '../src/statement-counter';

/** Counts without keeping the text: a timed run sends hundreds of thousands of statements. */
class CountOnly extends StatementCounter {
  logQuery(): void {
    this.count += 1;
  }
}

export type BenchServerRequest =
  | { id: number; type: 'stats' }
  | { id: number; type: 'sign'; accountIds: number[] }
  | { id: number; type: 'stop' };

export type BenchServerMessage =
  | { type: 'ready'; port: number; fields: string[] }
  | { type: 'reply'; id: number; statements: number; held: number; cpu: NodeJS.CpuUsage; rss: number }
  | { type: 'reply'; id: number; tokens: string[] }
  | { type: 'reply'; id: number; stopped: true };

async function main(): Promise<void> {
  if (!process.send) throw new Error('scripts/bench-server.ts runs as a child of scripts/bench-load.ts (it needs an IPC channel)');
  const send = (m: BenchServerMessage): Promise<void> => new Promise((resolve) => {
    process.send!(m, undefined, undefined, () => resolve());
  });
  const counter = new CountOnly();
  const db = (await createDataSource(config.db, counter).initialize()).bound();
  const server = await createServer(db);
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const fields = Object.values(server.schema.getTypeMap()).filter(isObjectType)
    .flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`));

  process.on('message', (m: BenchServerRequest) => {
    void (async () => {
      if (m.type === 'stats') {
        await send({ type: 'reply', id: m.id, statements: counter.count, held: counter.held, cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
      } else if (m.type === 'sign') {
        await send({ type: 'reply', id: m.id, tokens: await Promise.all(m.accountIds.map(async (a) => (await signToken(a)).token)) });
      } else {
        await server.stop();
        await db.destroy();
        await send({ type: 'reply', id: m.id, stopped: true });
        process.disconnect();
      }
    })();
  });
  // The parent is gone (crashed or killed): do not outlive it.
  process.on('disconnect', () => process.exit(0));
  await send({ type: 'ready', port: (server.http.address() as AddressInfo).port, fields });
}

main().catch((err) => {
  process.stderr.write(`bench-server: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
