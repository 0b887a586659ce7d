// Backward paging (issue 14): last/before on every connection, the mirror of first/after:
// the same edges and cursors, read from the end; a mix of directions is refused.
import { addDays, today } from '../../src/clock';
import type { Official } from '../../src/entities';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

describeDb('backward paging', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const day = today();
      for (let i = 0; i < 7; i++) {
        await r.task(units.M1, posts.teamM1, officials.officeS1 as Official, {
          title: `Page task ${i}`, year: Number(day.slice(0, 4)), domain: 'HEALTH', milestones: [{ dueOn: addDays(day, 10 + i), targetPercent: 100 }],
        });
      }
    });
  });
  afterAll(() => h.close());

  const UNITS = 'query U($first: Int, $after: String, $last: Int, $before: String) { orgUnits(first: $first, after: $after, last: $last, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }';
  const units = async (vars: Record<string, unknown>): Promise<J> => {
    const res = await h.exec(UNITS, vars, 'teamM1');
    expect(res.errors).toBeUndefined();
    return (res.data as J).orgUnits;
  };
  const names = (page: J): string[] => page.edges.map((e: J) => e.node.name);

  it('reads the last page and pages back to the start, with the same edges and cursors as forwards', async () => {
    const all = await units({ first: 100 });
    const allNames = names(all);
    expect(allNames.length).toBeGreaterThan(6);
    const last = await units({ last: 3 });
    expect(names(last)).toEqual(allNames.slice(-3));
    expect(last.pageInfo).toEqual(expect.objectContaining({ hasPreviousPage: true, hasNextPage: false }));
    expect(last.totalCount).toBe(all.totalCount);
    // Back from its start, page by page, to the first unit.
    const seen: string[] = [...names(last)];
    let page = last;
    while (page.pageInfo.hasPreviousPage) {
      page = await units({ last: 3, before: page.pageInfo.startCursor });
      expect(page.pageInfo.hasNextPage).toBe(true);
      seen.unshift(...names(page));
    }
    expect(seen).toEqual(allNames);
    // The cursors are the forward ones: a page read back ends where first/after would.
    const forward = await units({ first: 3, after: all.edges[2].cursor });
    const backward = await units({ last: 3, before: all.edges[6].cursor });
    expect(backward.edges).toEqual(forward.edges);
  });

  it('pages the task lists backwards too, the root list and a unit\'s', async () => {
    const query = 'query T($id: ID!, $last: Int, $before: String) { tasks(last: $last, before: $before, filter: { unitId: $id, subtree: false }) { pageInfo { hasPreviousPage startCursor } edges { node { title } } } '
      + 'orgUnit(id: $id) { tasks(last: $last, before: $before) { edges { node { title } } } } }';
    const res = await h.exec(query, { id: unitId(h.fixture.units.M1), last: 2 }, 'teamM1');
    expect(res.errors).toBeUndefined();
    const data = res.data as J;
    const titles = (page: J) => page.edges.map((e: J) => e.node.title);
    expect(titles(data.tasks)).toEqual(['Page task 5', 'Page task 6']);
    expect(titles(data.orgUnit.tasks)).toEqual(['Page task 5', 'Page task 6']);
    const earlier = await h.exec(query, { id: unitId(h.fixture.units.M1), last: 2, before: data.tasks.pageInfo.startCursor }, 'teamM1');
    expect(titles((earlier.data as J).tasks)).toEqual(['Page task 3', 'Page task 4']);
  });

  it('refuses a mix of directions with BAD_USER_INPUT', async () => {
    const first = (await units({ first: 2 })).pageInfo.endCursor;
    for (const vars of [{ first: 2, last: 2 }, { first: 2, before: first }, { last: 2, after: first }, { last: 101 }]) {
      expect(codes(await h.exec(UNITS, vars, 'teamM1'))).toEqual(['BAD_USER_INPUT']);
    }
  });
});
