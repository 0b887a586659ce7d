// The load benchmark's workloads (scripts/bench/workloads.ts) on the smoke city built by
// the benchmark's own builder (scripts/bench/city.ts), in-process, on both engines: no
// errors, exactly the rows the deterministic city holds, the hand-written SQL fetching the
// same, and SQL statements per request within the pinned bound. Never a timing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { buildCity, SMOKE_SHAPE, type City } from '../../scripts/bench/city';
import { sqlOfDataSource, type SqlClient } from '../../scripts/bench/sql';
import { missingFields, runOrder, WORKLOADS, type Summary } from '../../scripts/bench/workloads';
import { signToken } from '../../src/auth/token';
import { createServer, type ZerenServer } from '../../src/server';
import { StatementCounter } from '../../src/statement-counter';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';

/** What the smoke city (1 district, 2 streets of 3 communities, 2 tasks per unit and year) returns. */
const EXPECTED: Record<string, Summary> = {
  street: { units: 4, tasks: 8, phones: 8 },
  district: { units: 9, tasks: 18, phones: 18 },
  taskPage: { totalCount: 17, edges: 17 },
  figures: { districts: 1, found: 18, rectified: 12, accountability: 5, measureGroups: 5 },
  figuresBatched: { districts: 1, found: 18, rectified: 12, accountability: 5, measureGroups: 5 },
  progress: { posted: 1 },
  portrait: {
    units: 9, tasks: 18, red: 17, yellow: 0, closed: 0, overdue: 6, problems: 18, rectified: 12, items: 27, itemsClosed: 20, itemsOverdue: 7,
    noticesIssued: 9, noticesReported: 2, noticesClosed: 2, noticesOverdue: 1, coverageUnits: 8, inspected: 1, accountability: 5, failures: 1,
    measures: 5, letters: 18, signed: 16, assessed: 9, vetoed: 0, grades: 3, leaders: 10, leaderRed: 10,
  },
  notices: { totalCount: 10, notices: 10, cc: 10, events: 40 },
  inspection: { groups: 2, members: 4, groupTargets: 1, targets: 1, suggestions: 1, targetProblems: 2, findings: 2 },
  chain: { tiers: 4, principals: 4, inCharge: 1, disciplineHeads: 4, committee: 12, missing: 3 },
  integrity: { posts: 1, domains: 0, records: 1, current: 1, revoked: 0, restrictions: 0 },
};

/**
 * Figures that depend on the day the city is built and read (lights, overdue items and
 * notices): the smoke city is dated from today, so these are checked against the
 * hand-written SQL of the same moment, not pinned.
 */
const DATED = new Set(['red', 'yellow', 'overdue', 'itemsOverdue', 'noticesOverdue', 'leaderRed']);
const undated = (summary: Summary): Summary => Object.fromEntries(Object.entries(summary).filter(([k]) => !DATED.has(k)));

/** Requests measured after the first. */
const MEASURED = 3;

// The committed SDL decides which workloads the code can run yet (a contract test keeps it current).
const sdl = buildSchema(readFileSync(join(__dirname, '../../src/schema/schema.graphql'), 'utf8'));

describeDb('bench:load workloads on the smoke city', () => {
  const counter = new StatementCounter();
  let db: DataSource;
  let sql: SqlClient;
  let city: City;
  let server: ZerenServer;
  const tokens = new Map<number, string>();

  beforeAll(async () => {
    db = await openTestDatabase({ logger: counter });
    sql = sqlOfDataSource(db);
    city = await buildCity(sql, SMOKE_SHAPE);
    server = await createServer(db, { playground: false, trustedDocuments: false });
  });
  afterAll(async () => {
    await server?.stop();
    await closeTestDatabase(db);
  });

  /**
   * The i-th request of a workload, as the benchmark sends it; its data and SQL statements
   * (authentication included: none once the viewer is cached, as under load, unless `cold`).
   */
  const send = async (key: string, i: number, cold = false): Promise<{ data: unknown; statements: number }> => {
    const w = WORKLOADS.find((x) => x.key === key)!;
    const req = w.request(city, i);
    if (!tokens.has(req.accountId)) tokens.set(req.accountId, (await signToken(req.accountId)).token);
    if (!cold) await server.contextFor(tokens.get(req.accountId)!);
    counter.reset();
    const contextValue = await server.contextFor(tokens.get(req.accountId)!);
    const res = await server.apollo.executeOperation({ query: req.query, variables: req.variables }, { contextValue });
    const statements = counter.count;
    if (res.body.kind !== 'single') throw new Error('unexpected incremental result');
    expect(res.body.singleResult.errors).toBeUndefined();
    return { data: res.body.singleResult.data, statements };
  };

  for (const w of runOrder(WORKLOADS)) {
    const pending = missingFields(sdl, w);
    (pending.length ? it.skip : it)(`${w.label}${pending.length ? ` (waits for ${pending.join(', ')})` : ''}`, async () => {
      const first = await send(w.key, 0, true);
      const summary = w.summarize(first.data);
      expect(undated(summary)).toEqual(undated(EXPECTED[w.key]));
      // The baseline of the benchmark fetches the same data (the dated figures included).
      expect(await w.handWritten(sql, city, 0)).toEqual(summary);
      const counts: number[] = [];
      for (let i = 1; i <= MEASURED; i++) {
        const { data, statements } = await send(w.key, i);
        expect(w.summarize(data)).toEqual(summary);
        counts.push(statements);
      }
      const pinned = w.statements?.pinned ?? null;
      process.stdout.write(`[bench-load] ${w.label}: ${counts.join(', ')} statements (first ${first.statements}; pinned ${pinned}, goal ${w.statements?.goal ?? '-'})\n`);
      // A workload that runs needs its bound pinned in scripts/bench/workloads.ts (the measured count above).
      expect({ workload: w.key, pinned }).not.toEqual({ workload: w.key, pinned: null });
      expect(Math.max(...counts)).toBeLessThanOrEqual(pinned!);
    });
  }
});
