import { writeFileSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { createDataSource } from '../src/data-source';
import { buildCity, cityShape } from './bench/city';
import { sqlOfMysql } from './bench/sql';
import { WORKLOADS } from './bench/workloads';
import { startMariaDb } from './mariadb';
(async () => {
  const maria = await startMariaDb({ bufferPool: '1G' });
  const dbUrl = `${maria.url}zeren`;
  const admin = await createConnection(maria.url);
  await admin.query('CREATE DATABASE zeren CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await admin.end();
  const m = await createDataSource({ kind: 'mysql', url: dbUrl.replace(/^mysql:/, 'mariadb:'), sqlitePath: '' }).initialize();
  await m.runMigrations({ transaction: 'each' });
  await m.destroy();
  const loader = await createConnection({ uri: dbUrl, dateStrings: true });
  await loader.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  const city = await buildCity(sqlOfMysql(loader), cityShape(1));
  await loader.end();
  const reqs: Record<string, unknown> = {};
  for (const w of WORKLOADS) { const r = w.request(city, 0); reqs[w.key] = r; }
  writeFileSync('/tmp/lab/city.json', JSON.stringify(city));
  writeFileSync('/tmp/lab/lab.json', JSON.stringify({ url: dbUrl.replace(/^mysql:/, 'mariadb:'), mysqlUrl: dbUrl, pid: maria.pid, reqs }));
  writeFileSync('/tmp/lab/lab.pid', String(maria.pid));
  console.log('ready', maria.pid);
  setInterval(() => {}, 1 << 30);
})();
