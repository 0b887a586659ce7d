// The SQL statements of a whole district subtree with every unit's officials and
// posts: a fixed number, whatever the number of units, officials and posts.
import { DistrictTasksDocument, SubtreeStaffDocument, UnitTasksTreeDocument } from '../generated/graphql';
import { addDays, today } from '../../src/clock';
import { Official, OrgUnit, Post, Task } from '../../src/entities';
import { Light, PostRole, UnitLevel, Visibility } from '../../src/schema/enums';
import { ResponsibilitySeeder, SeedBuilder } from '../../src/seed/builder';
import { dbKind, describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';
import { encodeId } from '../../src/schema/node';

/** The bound: one statement per loader kind and list, never per row. */
const MAX_STATEMENTS = 10;
// The units of the listed tasks come with the page (one statement fewer than their own batch).
const MAX_TASK_STATEMENTS = 8;

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
          title: `Task ${offset + i} of ${unit.name}`, year, domain: 'EDUCATION', visibility: i % 3 === 0 ? Visibility.PUBLIC : Visibility.INTERNAL,
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

describeDb('OrgUnit.tasks: every child\'s page in one statement, scoped per unit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const seed = (at: [OrgUnit, Post][], n: number) => h.db.transaction(async (em) => {
    const r = new ResponsibilitySeeder(em);
    const day = today();
    for (const [unit, post] of at) {
      for (let i = 0; i < n; i++) {
        await r.task(unit, post, h.fixture.officials.officeS1 as Official, {
          title: `${unit.name} task ${i}`, year: Number(day.slice(0, 4)), domain: 'HEALTH',
          visibility: i % 2 === 0 ? Visibility.PUBLIC : Visibility.INTERNAL,
          milestones: [{ dueOn: addDays(day, 20 + i), targetPercent: 100 }],
          progress: [[10 + i, 'begun']],
        });
      }
    }
  });

  type Page = { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: { node: { id: string; title: string; visibility: Visibility; unit: { id: string }; leader: { official: { name: string } } } }[] };
  type Tree = { orgUnit: { id: string; tasks: Page; children: { id: string; tasks: Page }[] } };

  const read = async (persona: 'officeS1' | 'officeS2' | 'disciplineD1', first: number) => {
    const contextValue = await h.server.contextFor(await h.tokenOf(persona));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation(
      { query: UnitTasksTreeDocument, variables: { id: unitId(h.fixture.units.S1), first } }, { contextValue },
    );
    const statements = h.counter.count;
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return { statements, tree: (res.body.singleResult.data as Tree).orgUnit };
  };

  /** The titles a persona must see per unit: all tasks of units in its scope, else the PUBLIC ones. */
  const expected = async (inScope: (unit: OrgUnit) => boolean) => {
    const { units } = h.fixture;
    const tasks = await h.db.getRepository(Task).find({ order: { nextDueOn: 'ASC', id: 'ASC' } });
    return new Map([units.S1, units.M1, units.M2].map((u) => [unitId(u),
      tasks.filter((t) => t.unitId === u.id && (inScope(u) || t.visibility === Visibility.PUBLIC)).map((t) => t.title)]));
  };

  const titlesOf = (tree: Tree['orgUnit']) => new Map([tree, ...tree.children].map((u) => [u.id, u.tasks.edges.map((e) => e.node.title)]));

  it('shows each unit its tasks by the scope rule, pages per unit and costs the same statements for 3 units as for more', async () => {
    const { units, posts } = h.fixture;
    await seed([[units.S1, posts.secretaryS1], [units.M1, posts.teamM1], [units.M2, posts.teamM2]], 3);
    const small = await read('officeS1', 100);
    // officeS1: S1 and both communities are in scope, so every task of each.
    expect(titlesOf(small.tree)).toEqual(await expected(() => true));
    expect(small.tree.tasks.totalCount).toBe(3);
    expect(small.tree.children.every((c) => c.tasks.edges.every((e) => e.node.unit.id === c.id && e.node.leader.official.name))).toBe(true);
    // A sibling street's OFFICE sees only the PUBLIC tasks of S1's units, and their counts.
    const sibling = await read('officeS2', 100);
    expect(titlesOf(sibling.tree)).toEqual(await expected(() => false));
    expect([sibling.tree, ...sibling.tree.children].every((u) => u.tasks.totalCount === u.tasks.edges.length
      && u.tasks.edges.every((e) => e.node.visibility === Visibility.PUBLIC))).toBe(true);

    // More tasks and more children: the same statements; `first` applies per unit.
    await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      for (let c = 0; c < 6; c++) await b.unit(units.S1, `Extra community ${c}`, UnitLevel.COMMUNITY);
    });
    await seed([[units.S1, posts.secretaryS1], [units.M1, posts.teamM1], [units.M2, posts.teamM2]], 4);
    const large = await read('officeS1', 5);
    expect(large.tree.children).toHaveLength(8);
    expect(large.tree.tasks.edges).toHaveLength(5);
    expect(large.tree.tasks.totalCount).toBe(7);
    expect(large.tree.tasks.pageInfo.hasNextPage).toBe(true);
    const all = await expected(() => true);
    expect(titlesOf(large.tree)).toEqual(new Map([...titlesOf(large.tree).keys()].map((id) => [id, (all.get(id) ?? []).slice(0, 5)])));
    expect(large.statements).toBe(small.statements);
    // The street with its children, then every unit's page (the viewer is read at the context).
    expect(small.statements).toBe(2);
    process.stdout.write(`[n+1] a street and its children with their tasks: 3 units: ${small.statements} statements; 9 units: ${large.statements} statements\n`);
  });

  it('cuts the pages by a window when the units hold more rows than their pages: one statement more, for the first read of that shape', async () => {
    const { units, posts } = h.fixture;
    await seed([[units.S1, posts.secretaryS1], [units.M1, posts.teamM1], [units.M2, posts.teamM2]], 4);
    const tasks = await h.db.getRepository(Task).find({ order: { nextDueOn: 'ASC', id: 'ASC' } });
    // first: 1 over S1 and its children: more tasks than one page (of one row, and one to tell there is more) each.
    const first = await read('officeS1', 1);
    const listed = [first.tree, ...first.tree.children];
    const of = (id: string) => tasks.filter((t) => encodeId('OrgUnit', t.unitId) === id);
    expect(listed.reduce((n, u) => n + of(u.id).length, 0)).toBeGreaterThan(2 * listed.length);
    for (const u of listed) {
      const own = of(u.id);
      expect(u.tasks.edges.map((e) => e.node.title)).toEqual(own.slice(0, 1).map((t) => t.title));
      expect(u.tasks.totalCount).toBe(own.length);
      expect(u.tasks.pageInfo.hasNextPage).toBe(own.length > 1);
    }
    const again = await read('officeS1', 1);
    expect(again.tree).toEqual(first.tree);
    // The range read found more rows than the pages hold: the numbered read followed, and follows from then on.
    expect(first.statements).toBe(again.statements + 1);
    expect(again.statements).toBe(2);
  });

  it('keeps a list\'s statement per shape and day: other units, another viewer and another day read by their own values', async () => {
    // The tree's lists (one statement per shape, kept) against the root list (built per request).
    const tree = 'query L($id: ID!, $light: Light) { orgUnit(id: $id) { tasks(first: 100, filter: { light: $light }) { edges { node { title } } } children { tasks(first: 100, filter: { light: $light }) { edges { node { title } } } } } }';
    const list = 'query R($id: ID!, $light: Light) { tasks(first: 100, filter: { unitId: $id, subtree: true, light: $light }) { edges { node { title } } } }';
    type Titles = { edges: { node: { title: string } }[] };
    // A context per request, as over HTTP (a context's loaders keep its pages).
    const contexts = {
      officeS1: await h.server.contextFor(await h.tokenOf('officeS1')),
      officeS2: await h.server.contextFor(await h.tokenOf('officeS2')),
      officeS1M1: await h.server.contextFor(await h.tokenOf('officeS1')),
      officeS1Later: await h.server.contextFor(await h.tokenOf('officeS1')),
    };
    const run = async (persona: keyof typeof contexts, query: string, id: string): Promise<Record<string, unknown>> => {
      const res = await h.server.apollo.executeOperation({ query, variables: { id, light: Light.GREEN } }, { contextValue: contexts[persona] });
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      return res.body.singleResult.data as Record<string, unknown>;
    };
    const both = async (persona: keyof typeof contexts, unit: OrgUnit) => {
      const t = (await run(persona, tree, unitId(unit))).orgUnit as Titles & { tasks: Titles; children: { tasks: Titles }[] };
      const l = (await run(persona, list, unitId(unit))).tasks as Titles;
      const titles = (pages: Titles[]) => pages.flatMap((p) => p.edges.map((e) => e.node.title)).sort();
      return { tree: titles([t.tasks, ...t.children.map((c) => c.tasks)]), list: titles([l]) };
    };
    const { units, posts } = h.fixture;
    const { S1, M1 } = units;
    await seed([[S1, posts.secretaryS1], [M1, posts.teamM1], [units.M2, posts.teamM2]], 4);
    const first = await both('officeS1', S1);
    expect(first.tree).toEqual(first.list);
    // Every task here is due in 20 days or more: all GREEN today.
    expect(first.tree.length).toBeGreaterThan(0);
    const sibling = await both('officeS2', S1);
    expect(sibling.tree).toEqual(sibling.list);
    expect(sibling.tree.length).toBeGreaterThan(0);
    expect(sibling.tree.length).toBeLessThan(first.tree.length);
    const community = await both('officeS1M1', M1);
    expect(community.tree).toEqual(community.list);
    expect(community.tree.every((title) => title.startsWith(`${M1.name} `))).toBe(true);
    // Eight days on, the tasks due in 20 to 22 days are due within the yellow window: no longer GREEN.
    const later = Date.now() + 8 * 86_400_000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      const then = await both('officeS1Later', S1);
      expect(then.tree).toEqual(then.list);
      expect(then.tree.length).toBeGreaterThan(0);
      expect(then.tree.length).toBeLessThan(first.tree.length);
    } finally {
      clock.mockRestore();
    }
  });

  it('reads a unit with nested children (a district, its streets, their communities) in one statement, as tier-by-tier reads give them', async () => {
    const nested = 'query N($id: ID!) { orgUnit(id: $id) { id children { id name children { id name children { id name } } } } }';
    type U = { id: string; name: string; children?: U[] };
    h.counter.reset();
    const res = await h.exec<{ orgUnit: U }>(nested, { id: unitId(h.fixture.units.C1) }, 'officeS1');
    expect(res.errors).toBeUndefined();
    const units = h.counter.statements.filter((q) => /FROM [`"]?org_unit\b/i.test(q));
    // The root with its children, their children and grandchildren: one statement.
    expect(units).toHaveLength(1);
    // The same tree, tier by tier (one level of children per request).
    const oneTier = 'query N($id: ID!) { orgUnit(id: $id) { children { id name } } }';
    const tierByTier = async (id: string): Promise<U[]> =>
      (await h.exec<{ orgUnit: U }>(oneTier, { id }, 'officeS1')).data!.orgUnit.children!;
    const expand = async (list: U[], depth: number): Promise<U[]> => Promise.all(list.map(async (u) =>
      (depth === 0 ? { id: u.id, name: u.name } : { id: u.id, name: u.name, children: await expand(await tierByTier(u.id), depth - 1) })));
    expect(res.data!.orgUnit.children).toEqual(await expand(await tierByTier(unitId(h.fixture.units.C1)), 2));
    expect(res.data!.orgUnit.children!.flatMap((d) => d.children!.flatMap((s) => s.children!)).length).toBeGreaterThan(2);
  });

  it('refuses an out-of-range page size at every unit with BAD_USER_INPUT, reading no task', async () => {
    const contextValue = await h.server.contextFor(await h.tokenOf('officeS1'));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({
      query: 'query T($id: ID!, $first: Int) { orgUnit(id: $id) { children { id tasks(first: $first) { totalCount } } } }',
      variables: { id: unitId(h.fixture.units.S1), first: 101 },
    }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    const { errors } = res.body.singleResult;
    // Checked once for the field: each child's page is refused with the field named (graphql-js
    // stops reporting at the first, since tasks is non-null and takes the tree with it; graphql-jit reports each).
    const children = await h.db.getRepository(OrgUnit).countBy({ parentId: h.fixture.units.S1.id });
    expect(children).toBeGreaterThan(1);
    const reported = errors?.map((e) => [e.extensions?.code, e.path?.join('.'), e.extensions?.fields]) ?? [];
    expect(reported[0]).toEqual(['BAD_USER_INPUT', 'orgUnit.children.0.tasks', { first: ['first must not be greater than 100'] }]);
    expect(reported).toEqual(Array.from({ length: reported.length }, (_e, i) => (
      ['BAD_USER_INPUT', `orgUnit.children.${i}.tasks`, { first: ['first must not be greater than 100'] }])));
    expect(reported.length).toBeLessThanOrEqual(children);
    expect(res.body.singleResult.data).toEqual({ orgUnit: null });
    expect(h.counter.statements.filter((q) => /FROM `task`/i.test(q))).toEqual([]);
  });

  it('reads lean rows for the list, and the whole task wherever a field below asks for it', async () => {
    const res = await h.exec(`query Lean($id: ID!) { orgUnit(id: $id) { tasks(first: 3) { edges { node {
      id milestones { reached } leader { role }
    } } } } progressOf: tasks(first: 3, filter: { unitId: $id, subtree: false }) { edges { node { id latestProgress { task { title goal } } } } }
    tasks(first: 3, filter: { unitId: $id, subtree: false }) { edges { node { id title goal measures leadOffice } } } }`,
    { id: unitId(h.fixture.units.S1) }, 'officeS1');
    expect(res.errors).toBeUndefined();
    const full = (res.data as { tasks: { edges: { node: { title: string; goal: string; measures: string; leadOffice: string } }[] } }).tasks.edges;
    expect(full.length).toBe(3);
    expect(full.every((e) => e.node.title && e.node.goal && e.node.measures && e.node.leadOffice)).toBe(true);
    // A task reached from its progress is the whole task, though the list above it read lean rows.
    const viaProgress = (res.data as { progressOf: { edges: { node: { latestProgress: { task: { title: string; goal: string } } | null } }[] } }).progressOf.edges;
    expect(viaProgress).toHaveLength(3);
    expect(viaProgress.every((e) => e.node.latestProgress!.task.title && e.node.latestProgress!.task.goal)).toBe(true);
  });

  it("joins only the leader's columns a list asks for, every column when a field there is computed, and never serves that part as the whole official", async () => {
    const leaderJoin = () => h.counter.statements.find((q) => /JOIN post lp/.test(q))!;
    type Leader = { role: string; current?: boolean; official: { id: string; name: string; phone: string | null } };
    type Res = { orgUnit: { tasks: { edges: { node: { leader: Leader } }[] } }; official: { name: string; title: string; createdAt: string } | null };
    const query = (leaderFields: string) => `query L($id: ID!, $official: ID!) {
      orgUnit(id: $id) { tasks(first: 5) { edges { node { leader { ${leaderFields} official { id name phone } } } } } }
      official(id: $official) { name title createdAt } }`;
    const leaders = await h.db.getRepository(Task).createQueryBuilder('t').innerJoin(Post, 'p', 'p.id = t.leaderPostId')
      .where('t.unitId = :unit', { unit: h.fixture.units.S1.id }).select('p.officialId', 'officialId').getRawMany<{ officialId: number }>();
    expect(leaders.length).toBeGreaterThan(0);
    const variables = { id: unitId(h.fixture.units.S1), official: encodeId('Official', Number(leaders[0].officialId)) };

    h.counter.reset();
    const lean = await h.exec<Res>(query('role'), variables, 'officeS1');
    expect(lean.errors).toBeUndefined();
    // The columns selected from the joined post (lp) and official (lo).
    const columns = (alias: string) => [...leaderJoin().matchAll(new RegExp(`${alias}\\.[\`"]?(\\w+)[\`"]? AS`, 'g'))].map((m) => m[1]);
    expect(columns('lp').sort()).toEqual(['cityId', 'id', 'officialId', 'role', 'unitId']);
    expect(columns('lo').sort()).toEqual(['cityId', 'id', 'name', 'phone', 'unitId']);
    // The same official read whole elsewhere in the request: its own columns, not the list's part.
    const alone = await h.exec<Res>('query O($official: ID!) { official(id: $official) { name title createdAt } }', { official: variables.official }, 'officeS1');
    expect(alone.data!.official!.title).toBeTruthy();
    expect(lean.data!.official).toEqual(alone.data!.official);

    h.counter.reset();
    const whole = await h.exec<Res>(query('role current'), variables, 'officeS1');
    expect(whole.errors).toBeUndefined();
    expect(columns('lp')).toEqual(expect.arrayContaining(['since', 'until']));
    expect(whole.data!.orgUnit.tasks.edges.every((e) => typeof e.node.leader.current === 'boolean')).toBe(true);
    // Both answer the same leaders.
    const strip = (r: Res) => r.orgUnit.tasks.edges.map((e) => ({ role: e.node.leader.role, official: e.node.leader.official }));
    expect(strip(whole.data!)).toEqual(strip(lean.data!));
  });
});

describeDb('postProgress: five statements with BEGIN and COMMIT, in two round trips on MariaDB', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('appends, audits and keeps the task in step in 5 statements, with the answer as stored', async () => {
    const { units, posts, officials } = h.fixture;
    const day = today();
    const task = await h.db.transaction((em) => new ResponsibilitySeeder(em).task(units.M1, posts.teamM1, officials.officeS1 as Official, {
      title: 'Five statements', year: Number(day.slice(0, 4)), domain: 'HEALTH',
      milestones: [{ dueOn: addDays(day, 5), targetPercent: 50 }, { dueOn: addDays(day, 40), targetPercent: 100 }],
    }));
    const contextValue = await h.server.contextFor(await h.tokenOf('teamM1'));
    const post = async (percent: number) => {
      h.counter.reset();
      const res = await h.server.apollo.executeOperation({
        query: 'mutation P($input: PostProgressInput!) { postProgress(input: $input) { id percent text createdAt } }',
        variables: { input: { taskId: encodeId('Task', task.id), text: ` step ${percent} `, percent } },
      }, { contextValue });
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      return { statements: h.counter.count, roundTrips: h.counter.roundTrips, sql: [...h.counter.statements], data: (res.body.singleResult.data as { postProgress: { id: string; percent: number; text: string; createdAt: string } }).postProgress };
    };
    const first = await post(60);
    const second = await post(100);
    expect(first.statements).toBe(5);
    expect(second.statements).toBe(5);
    // On MariaDB in two round trips (src/pipeline.ts): START TRANSACTION with the append; the audit entry and the task's update with the COMMIT.
    expect([first.roundTrips, second.roundTrips]).toEqual(dbKind() === 'mariadb' ? [2, 2] : [5, 5]);
    expect(first.sql.filter((q) => /^(START TRANSACTION|BEGIN)/i.test(q))).toHaveLength(1);
    expect(first.sql.filter((q) => /^COMMIT/i.test(q))).toHaveLength(1);
    // The task is in step: at 60 the open milestone is the 100 one; at 100 none is open.
    const after = await h.db.getRepository(Task).findOneByOrFail({ id: task.id });
    expect(after.percent).toBe(100);
    expect(after.nextDueOn).toBe('9999-12-31');
    // The rows are as answered, and the audit entries carry the percent before, the unit and the actor.
    const rows = await h.db.query('SELECT id, `text`, percent, createdAt FROM progress_update WHERE taskId = ? ORDER BY id', [task.id]);
    expect(rows.map((r: { text: string; percent: number }) => [r.text, Number(r.percent)])).toEqual([['step 60', 60], ['step 100', 100]]);
    expect(first.data.text).toBe('step 60');
    const audit = await h.db.query("SELECT `before`, `after`, unitPath, cityId, actorOfficialId, recordId FROM audit_entry WHERE operation = 'postProgress' ORDER BY id");
    expect(audit.map((a: { before: string; after: string; unitPath: string; cityId: number; actorOfficialId: number }) => [
      JSON.parse(a.before), JSON.parse(a.after), a.unitPath, Number(a.cityId), Number(a.actorOfficialId),
    ])).toEqual([
      [{ percent: 0 }, { percent: 60, correctsId: null, evidence: 0 }, units.M1.path, units.M1.cityId, officials.teamM1.id],
      [{ percent: 60 }, { percent: 100, correctsId: null, evidence: 0 }, units.M1.path, units.M1.cityId, officials.teamM1.id],
    ]);
    process.stdout.write(`[n+1] postProgress: ${first.statements} statements\n`);
  });
});

describeDb('portraits(parentId, year): the children\'s figures in one statement per section', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const FIGURES = `problems { found rectified } accountability { total byMeasure { key count } }`;
  const year = Number(today().slice(0, 4));

  const read = async (persona: 'disciplineC1' | 'officeD1' | 'analystC1' | 'disciplineC2') => {
    const contextValue = await h.server.contextFor(await h.tokenOf(persona));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({
      query: `query Children($parent: ID!, $year: Int!) { portraits(parentId: $parent, year: $year) { unit { id name } ${FIGURES} } }`,
      variables: { parent: unitId(h.fixture.units.C1), year },
    }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return { statements: h.counter.count, portraits: (res.body.singleResult.data as { portraits: { unit: { id: string; name: string } }[] }).portraits };
  };

  it('answers each readable child, with the figures of portrait(unitId), in 3 statements for 2 children and for 6', async () => {
    const { units } = h.fixture;
    const small = await read('disciplineC1');
    expect(small.portraits.map((p) => p.unit.id)).toEqual([units.D1, units.D2].sort((a, b) => a.name.localeCompare(b.name)).map(unitId));
    for (const p of small.portraits) {
      const one = await h.exec(`query One($id: ID!, $year: Int!) { portrait(unitId: $id, year: $year) { ${FIGURES} } }`, { id: p.unit.id, year }, 'disciplineC1');
      expect({ ...p, unit: undefined }).toEqual({ ...(one.data as { portrait: object }).portrait, unit: undefined });
    }
    // The readers of each child: a district's OFFICE only its own, the city's ANALYST every one, another city none.
    expect((await read('officeD1')).portraits.map((p) => p.unit.id)).toEqual([unitId(units.D1)]);
    expect((await read('analystC1')).portraits).toHaveLength(2);
    expect((await read('disciplineC2')).portraits).toEqual([]);
    await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      for (let d = 0; d < 4; d++) await b.unit(units.C1, `Extra district ${d}`, UnitLevel.DISTRICT);
    });
    const large = await read('disciplineC1');
    expect(large.portraits).toHaveLength(6);
    expect(small.statements).toBe(3);
    expect(large.statements).toBe(3);
    process.stdout.write(`[n+1] portraits of a city's children (2 sections): 2 children: ${small.statements} statements; 6: ${large.statements}\n`);
  });
});
