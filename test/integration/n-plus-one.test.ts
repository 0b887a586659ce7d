// The SQL statements of a whole district subtree with every unit's officials and
// posts: a fixed number, whatever the number of units, officials and posts.
import { DistrictTasksDocument, SubtreeStaffDocument } from '../generated/graphql';
import { addDays, today } from '../../src/clock';
import type { Official, OrgUnit, Post } from '../../src/entities';
import { Light, PostRole, UnitLevel } from '../../src/schema/enums';
import { ResponsibilitySeeder, SeedBuilder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

/** The bound: one statement per loader kind and list, never per row. */
const MAX_STATEMENTS = 12;
const MAX_TASK_STATEMENTS = 12;

describeDb('no N+1', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const measure = async (): Promise<{ statements: number; units: number; posts: number }> => {
    const id = unitId(h.fixture.units.D1);
    // Authentication happens before execution; count only what the query itself costs.
    const contextValue = await h.server.contextFor(await h.tokenOf('officeD1'));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({ query: SubtreeStaffDocument, variables: { id } }, { contextValue });
    const statements = h.counter.count;
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    const edges = (res.body.singleResult.data as { orgUnit: { descendants: { edges: { node: { posts: unknown[] } }[] } } }).orgUnit.descendants.edges;
    return { statements, units: edges.length, posts: edges.reduce((n, e) => n + e.node.posts.length, 0) };
  };

  it('does not grow with the number of units, officials and posts', async () => {
    const small = await measure();
    // Grow D1 five-fold: more streets, communities, officials and posts.
    await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      for (let s = 0; s < 4; s++) {
        const street = await b.unit(h.fixture.units.D1, `Extra street ${s}`, UnitLevel.STREET);
        for (let c = 0; c < 8; c++) {
          const community = await b.unit(street, `Extra community ${s}.${c}`, UnitLevel.COMMUNITY);
          for (const role of [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.OFFICE]) {
            const official = await b.official(community, `Extra ${s}.${c} ${role}`, role);
            await b.post(official, community, role, { domains: role === PostRole.TEAM_MEMBER ? ['EDUCATION', 'HEALTH'] : undefined });
          }
        }
      }
    });
    const large = await measure();
    expect(large.units).toBeGreaterThanOrEqual(small.units + 36);
    expect(large.posts).toBeGreaterThan(small.posts * 5);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
    process.stdout.write(`[n+1] subtree of ${small.units} units: ${small.statements} statements; of ${large.units} units / ${large.posts} posts: ${large.statements} statements\n`);
  });
});

describeDb('no N+1 in a district\'s task list', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** n tasks at each of the units, led by that unit's post, with milestones, progress and two ratings. */
  const seedTasks = (at: [OrgUnit, Post][], n: number, offset: number) => h.db.transaction(async (em) => {
    const r = new ResponsibilitySeeder(em);
    const day = today();
    const year = Number(addDays(day, -40).slice(0, 4));
    const rater = h.fixture.officials.disciplineD1 as Official;
    for (const [unit, post] of at) {
      for (let i = 0; i < n; i++) {
        const task = await r.task(unit, post, rater, {
          title: `Task ${offset + i} of ${unit.name}`, year, domain: 'EDUCATION',
          milestones: [{ dueOn: addDays(day, -40 + i), targetPercent: 40 }, { dueOn: addDays(day, 10 + i * 7), targetPercent: 100 }],
          progress: [[20, 'begun'], [30 + i, 'going']],
        });
        await r.rating(task, rater, 1, Light.GREEN, 'q1');
        await r.rating(task, rater, 2, Light.YELLOW, 'q2');
      }
    }
  });

  const measure = async (): Promise<{ statements: number; tasks: number }> => {
    const contextValue = await h.server.contextFor(await h.tokenOf('disciplineD1'));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation(
      { query: DistrictTasksDocument, variables: { unitId: unitId(h.fixture.units.D1), first: 100 } }, { contextValue },
    );
    const statements = h.counter.count;
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    if (process.env.SHOW_SQL) process.stdout.write(h.counter.statements.map((q) => q.slice(0, 160)).join('\n') + '\n');
    const data = res.body.singleResult.data as { tasks: { edges: { node: { ratings: { comment: string }[]; latestProgress: unknown } }[] } };
    // The comments are readable to DISCIPLINE in scope, and every task has its latest progress.
    expect(data.tasks.edges.every((e) => e.node.ratings.length === 2 && e.node.ratings[0].comment && e.node.latestProgress)).toBe(true);
    return { statements, tasks: data.tasks.edges.length };
  };

  it('does not grow with the number of tasks, units, milestones, updates and ratings', async () => {
    const { units, posts } = h.fixture;
    await seedTasks([[units.M1, posts.teamM1], [units.S1, posts.secretaryS1]], 2, 0);
    const small = await measure();
    await seedTasks([[units.M1, posts.teamM1], [units.S1, posts.secretaryS1], [units.M2, posts.teamM2], [units.G1, posts.secretaryG1]], 10, 100);
    const large = await measure();
    expect(small.tasks).toBe(4);
    expect(large.tasks).toBe(44);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(MAX_TASK_STATEMENTS);
    process.stdout.write(`[n+1] district tasks: ${small.tasks} tasks: ${small.statements} statements; ${large.tasks} tasks: ${large.statements} statements\n`);
  });
});
