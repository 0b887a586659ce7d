// npm run bench [-- scale]: builds a city of ~14 districts, ~150 streets and ~3,000
// communities (scale 1) with three officials and posts per unit in in-memory SQLite,
// then times the tree and directory reads through the real server and prints
// milliseconds and SQL statements per operation.
import { performance } from 'node:perf_hooks';
import { signToken } from '../src/auth/token';
import { createDataSource } from '../src/data-source';
import { Account, Official, OrgUnit, Post } from '../src/entities';
import { PostRole, UnitLevel } from '../src/schema/enums';
import { encodeId } from '../src/schema/node';
import { createServer } from '../src/server';
import { StatementCounter } from '../src/statement-counter';

const scale = Number(process.argv[2] ?? 1);

async function main(): Promise<void> {
  const counter = new StatementCounter();
  const db = await createDataSource({ kind: 'sqlite', sqlitePath: ':memory:' }, counter).initialize();
  await db.runMigrations();
  const at = new Date();
  const t0 = performance.now();
  // Ids are assigned in insertion order, so paths can be written up front.
  let nextId = 1;
  const units: Partial<OrgUnit>[] = [];
  const add = (parent: Partial<OrgUnit> | null, name: string, level: UnitLevel): Partial<OrgUnit> => {
    const id = nextId++;
    const unit = { id, cityId: parent?.cityId ?? id, parentId: parent?.id ?? null, name, level, path: `${parent?.path ?? '/'}${id}/`, createdAt: at, updatedAt: at };
    units.push(unit);
    return unit;
  };
  const city = add(null, 'Bench city', UnitLevel.CITY);
  for (let d = 0; d < Math.round(14 * scale); d++) {
    const district = add(city, `District ${d}`, UnitLevel.DISTRICT);
    for (let s = 0; s < 11; s++) {
      const street = add(district, `Street ${d}.${s}`, UnitLevel.STREET);
      for (let c = 0; c < 20; c++) add(street, `Community ${d}.${s}.${c}`, UnitLevel.COMMUNITY);
    }
  }
  for (let i = 0; i < units.length; i += 500) await db.getRepository(OrgUnit).insert(units.slice(i, i + 500));
  const roles = [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.OFFICE];
  const officials = units.flatMap((u) => roles.map((role, k) => ({ cityId: u.cityId!, unitId: u.id!, name: `${role} ${u.id}.${k}`, title: role, phone: null, idNumber: null, createdAt: at })));
  for (let i = 0; i < officials.length; i += 500) await db.getRepository(Official).insert(officials.slice(i, i + 500));
  const posts = officials.map((o, i) => ({ cityId: o.cityId, officialId: i + 1, unitId: o.unitId, role: roles[i % 3], since: '2024-01-01', until: null }));
  for (let i = 0; i < posts.length; i += 500) await db.getRepository(Post).insert(posts.slice(i, i + 500));
  await db.getRepository(Account).insert({ officialId: 1, username: 'bench', passwordHash: 'x', active: true, failedLogins: 0, lockedUntil: null, lastLoginAt: null, createdAt: at });
  process.stdout.write(`built ${units.length} units, ${officials.length} officials, ${posts.length} posts in ${(performance.now() - t0).toFixed(0)} ms\n`);

  const server = await createServer(db);
  const contextValue = await server.contextFor((await signToken(1)).token);
  const district = encodeId('OrgUnit', 2);
  const ops: [string, string][] = [
    ['orgUnits page (first 100, inMyScope)', '{ orgUnits(first: 100, filter: { inMyScope: true }) { totalCount edges { node { name } } } }'],
    ['communities of a district (first 100)', `{ orgUnit(id: "${district}") { descendants(level: COMMUNITY, first: 100) { totalCount edges { node { name parent { name } } } } } }`],
    ['district subtree page with staff', `{ orgUnit(id: "${district}") { descendants(first: 100) { edges { node { name officials { name posts { role } } posts { role official { name } domains { code } } children { name } } } } } }`],
    ['directory: secretaries of a district', `{ officials(first: 100, filter: { unitId: "${district}", subtree: true, role: SECRETARY }) { totalCount edges { node { name unit { name } } } } }`],
  ];
  for (const [label, query] of ops) {
    const runs: number[] = [];
    let statements = 0;
    for (let i = 0; i < 20; i++) {
      counter.reset();
      const started = performance.now();
      const res = await server.apollo.executeOperation({ query }, { contextValue: { ...contextValue, loaders: (await server.contextFor(null)).loaders } });
      runs.push(performance.now() - started);
      statements = counter.count;
      if (res.body.kind === 'single' && res.body.singleResult.errors) throw new Error(JSON.stringify(res.body.singleResult.errors));
    }
    runs.sort((a, b) => a - b);
    process.stdout.write(`${label.padEnd(42)} median ${runs[10].toFixed(1).padStart(6)} ms   p95 ${runs[18].toFixed(1).padStart(6)} ms   ${statements} SQL statements\n`);
  }
  await server.stop();
  await db.destroy();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
