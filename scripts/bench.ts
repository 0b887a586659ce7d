// npm run bench [-- scale]: builds a city of ~14 districts, ~150 streets and ~3,000
// communities (scale 1) with three officials and posts per unit and ten key tasks per
// unit per year over three years (~100k tasks, two milestones and a progress update
// each) in in-memory SQLite, then times tree, directory and task reads through the
// real server and prints milliseconds and SQL statements per operation.
import { performance } from 'node:perf_hooks';
import { signToken } from '../src/auth/token';
import { createDataSource } from '../src/data-source';
import { Account, Milestone, Official, OrgUnit, Post, ProgressUpdate, Task } from '../src/entities';
import { addDays, today } from '../src/clock';
import { finalDueOn, nextDueOn } from '../src/resolvers/tasks/light';
import { PostRole, TaskStatus, UnitLevel, Visibility } from '../src/schema/enums';
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
  // Ten tasks per unit and year over three years; deterministic spread of dates and percents.
  const day = today();
  const thisYear = Number(day.slice(0, 4));
  let taskCount = 0;
  for (const year of [thisYear - 2, thisYear - 1, thisYear]) {
    const tasks: Partial<Task>[] = [];
    const milestones: Partial<Milestone>[] = [];
    const progress: Partial<ProgressUpdate>[] = [];
    units.forEach((u, ui) => {
      for (let k = 0; k < 10; k++) {
        const id = ++taskCount;
        const shift = ((ui * 7 + k * 13) % 120) - 60 + (year - thisYear) * 365;
        const plan = [{ dueOn: addDays(day, shift - 30), targetPercent: 50 }, { dueOn: addDays(day, shift + 30), targetPercent: 100 }];
        const percent = (ui * 3 + k * 17) % 101;
        const closed = year < thisYear && k % 2 === 0;
        tasks.push({
          id, cityId: 1, unitId: u.id!, year, title: `Task ${year}.${u.id}.${k}`, domainId: (k % 12) + 1, leaderPostId: ui * 3 + 1,
          leadOffice: 'Office', goal: 'Goal', measures: 'Measures', visibility: k % 3 === 0 ? Visibility.PUBLIC : Visibility.INTERNAL,
          status: closed ? TaskStatus.CLOSED : TaskStatus.IN_PROGRESS, percent, dueOn: finalDueOn(plan),
          nextDueOn: closed ? '9999-12-31' : nextDueOn(plan, percent), closedAt: closed ? at : null, createdByOfficialId: 1, createdAt: at, updatedAt: at,
        });
        for (const m of plan) milestones.push({ cityId: 1, taskId: id, title: 'Milestone', ...m });
        progress.push({ cityId: 1, taskId: id, text: 'Progress', percent, authorOfficialId: ui * 3 + 1, createdAt: at, correctsId: null, correctionReason: null });
      }
    });
    for (let i = 0; i < tasks.length; i += 500) await db.getRepository(Task).insert(tasks.slice(i, i + 500));
    for (let i = 0; i < milestones.length; i += 500) await db.getRepository(Milestone).insert(milestones.slice(i, i + 500));
    for (let i = 0; i < progress.length; i += 500) await db.getRepository(ProgressUpdate).insert(progress.slice(i, i + 500));
  }
  await db.query('ANALYZE');
  await db.getRepository(Account).insert({ officialId: 1, username: 'bench', passwordHash: 'x', active: true, failedLogins: 0, lockedUntil: null, lastLoginAt: null, createdAt: at });
  process.stdout.write(`built ${units.length} units, ${officials.length} officials, ${posts.length} posts, ${taskCount} tasks in ${(performance.now() - t0).toFixed(0)} ms\n`);

  const server = await createServer(db);
  const contextValue = await server.contextFor((await signToken(1)).token);
  const district = encodeId('OrgUnit', 2);
  const ops: [string, string][] = [
    ['orgUnits page (first 100, inMyScope)', '{ orgUnits(first: 100, filter: { inMyScope: true }) { totalCount edges { node { name } } } }'],
    ['communities of a district (first 100)', `{ orgUnit(id: "${district}") { descendants(level: COMMUNITY, first: 100) { totalCount edges { node { name parent { name } } } } } }`],
    ['district subtree page with staff', `{ orgUnit(id: "${district}") { descendants(first: 100) { edges { node { name officials { name posts { role } } posts { role official { name } domains { code } } children { name } } } } } }`],
    ['directory: secretaries of a district', `{ officials(first: 100, filter: { unitId: "${district}", subtree: true, role: SECRETARY }) { totalCount edges { node { name unit { name } } } } }`],
    ['district RED tasks this year (page of 100)', `{ tasks(first: 100, filter: { unitId: "${district}", year: ${thisYear}, light: RED }) { totalCount edges { node { title light overdue unit { name } leader { official { name } } milestones { dueOn reached } latestProgress { percent } } } } }`],
    ['district task stats this year', `{ taskStats(filter: { unitId: "${district}", year: ${thisYear} }) { total red yellow green closed overdue } }`],
    ['city task stats this year', `{ taskStats(filter: { year: ${thisYear} }) { total red yellow green closed overdue } }`],
    ['portrait of a district (all figures)', `{ portrait(unitId: "${district}", year: ${thisYear}) { units tasks { total red yellow green closed overdue } problems { found } notices { issued overdue } inspection { coverage } accountability { total } letters { signed } assessments { assessed } } }`],
    ['portrait of the city (all figures)', `{ portrait(unitId: "${encodeId('OrgUnit', 1)}", year: ${thisYear}) { units tasks { total red yellow green closed overdue } problems { found } notices { issued overdue } inspection { coverage } accountability { total } letters { signed } assessments { assessed } } }`],
    ['city overdue tasks, most urgent first', `{ tasks(first: 100, filter: { year: ${thisYear}, overdue: true }, sort: DUE_ON) { totalCount edges { node { title unit { name } } } } }`],
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
    process.stdout.write(`${label.padEnd(46)} median ${runs[10].toFixed(1).padStart(6)} ms   p95 ${runs[18].toFixed(1).padStart(6)} ms   ${statements} SQL statements\n`);
  }
  await server.stop();
  await db.destroy();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
