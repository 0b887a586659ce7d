// npm run bench:export: a city's year of key tasks (about 32,000 at scale 1) exported as XLSX and
// as CSV through POST /export, on a throwaway MariaDB built like bench:load's; prints rows,
// time, and the server process's memory (RSS and heap) before, at its peak, and after, to show
// the export streams in a fixed memory bound rather than holding the rows.
import type { AddressInfo } from 'node:net';
import { createConnection } from 'mysql2/promise';
import { signToken } from '../src/auth/token';
import { createDataSource } from '../src/data-source';
import { createServer } from '../src/server';
import { buildCity, cityShape } from './bench/city';
import { sqlOfMysql } from './bench/sql';
import { startMariaDb } from './mariadb';

const mib = (n: number): string => `${(n / 1048576).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const scale = Number(process.argv[process.argv.indexOf('--scale') + 1]) || 1;
  const maria = await startMariaDb({ bufferPool: '1G' });
  process.once('exit', () => maria.kill());
  try {
    const admin = await createConnection(maria.url);
    await admin.query('CREATE DATABASE zeren CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await admin.end();
    const url = `${maria.url}zeren`;
    const db = await createDataSource({ kind: 'mysql', url: url.replace(/^mysql:/, 'mariadb:'), sqlitePath: '' }).initialize();
    await db.runMigrations({ transaction: 'each' });
    const loader = await createConnection({ uri: url, dateStrings: true });
    await loader.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    const city = await buildCity(sqlOfMysql(loader), cityShape(scale));
    await loader.end();
    db.bound();
    const server = await createServer(db, { playground: false, requestsPerMinute: 1_000_000_000 });
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
    const token = (await signToken(city.personas.cityOffice.accountId)).token;
    const query = `query E($year: Int!) { tasks(filter: { year: $year }) { edges { node {
      title percent status nextDueOn light unit { name } domain { name } leader { role official { name phone } } } } } }`;

    for (const format of ['xlsx', 'csv'] as const) {
      global.gc?.();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const started = performance.now();
      const res = await fetch(`${base}/export`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { year: city.year }, format }),
      });
      // Read the body as it comes, counting bytes (and CSV lines) without keeping it.
      let bytes = 0;
      let lines = 0;
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        if (format === 'csv') for (const b of value) if (b === 10) lines += 1;
      }
      clearInterval(sampler);
      global.gc?.();
      const after = process.memoryUsage();
      process.stdout.write(`${format}: status ${res.status}, ${format === 'csv' ? `${lines - 1} rows, ` : ''}${(bytes / 1048576).toFixed(1)} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s; `
        + `rss ${mib(before.rss)} -> peak ${mib(peakRss)} -> ${mib(after.rss)}; heap ${mib(before.heapUsed)} -> peak ${mib(peakHeap)} -> ${mib(after.heapUsed)}\n`);
    }
    await server.stop();
    await db.destroy();
  } finally {
    await maria.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
