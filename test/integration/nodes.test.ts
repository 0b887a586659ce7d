// nodes(ids:) (issue 14): records of any types by global id, in the order asked, each
// absent or out-of-scope one null, by the same rules as node(id); a batch of one type
// costs one statement however many ids it holds.
import { addDays, today } from '../../src/clock';
import type { Official, Task } from '../../src/entities';
import { toGlobalId } from 'graphql-relay';
import { decodeId, encodeId, NODE_TYPES } from '../../src/schema/node';
import { Visibility } from '../../src/schema/enums';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

describeDb('nodes(ids:)', () => {
  let h: Harness;
  let tasks: Task[];
  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    tasks = await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const day = today();
      const made: Task[] = [];
      for (let i = 0; i < 12; i++) {
        made.push(await r.task(units.M1, posts.teamM1, officials.officeS1 as Official, {
          title: `Node task ${i}`, year: Number(day.slice(0, 4)), domain: 'HEALTH', visibility: Visibility.INTERNAL,
          milestones: [{ dueOn: addDays(day, 10), targetPercent: 100 }],
        }));
      }
      return made;
    });
  });
  afterAll(() => h.close());

  const QUERY = 'query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Task { title } ... on OrgUnit { name } } }';
  const nodes = async (ids: string[], persona: 'teamM1' | 'officeS2') => {
    const contextValue = await h.server.contextFor(await h.tokenOf(persona));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({ query: QUERY, variables: { ids } }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return { statements: h.counter.count, nodes: (res.body.singleResult.data as J).nodes as J[] };
  };
  const taskIds = (n: number) => tasks.slice(0, n).map((t) => encodeId('Task', t.id));

  it('answers in the order asked, with null for what is absent, not an id, or out of scope', async () => {
    const ids = [taskIds(2)[1], unitId(h.fixture.units.S2), 'not-an-id', encodeId('Task', 999_999), taskIds(1)[0]];
    const inScope = await nodes(ids, 'teamM1');
    expect(inScope.nodes).toEqual([
      { __typename: 'Task', id: ids[0], title: 'Node task 1' }, { __typename: 'OrgUnit', id: ids[1], name: 'Unit S2' }, null, null,
      { __typename: 'Task', id: ids[4], title: 'Node task 0' },
    ]);
    // A sibling street's OFFICE: the INTERNAL tasks of M1 are out of scope, as node(id) says.
    const sibling = await nodes(ids, 'officeS2');
    expect(sibling.nodes.map((n) => n?.__typename ?? null)).toEqual([null, 'OrgUnit', null, null, null]);
    for (const id of [ids[0], ids[4]]) {
      const one = await h.exec('query O($id: ID!) { node(id: $id) { id } }', { id }, 'officeS2');
      expect((one.data as J).node).toBeNull();
    }
  });

  it('reads a batch of one type in one statement, whatever its size', async () => {
    const few = await nodes(taskIds(3), 'teamM1');
    const many = await nodes(taskIds(12), 'teamM1');
    expect(many.nodes.map((n) => n.title)).toEqual(tasks.map((t) => t.title));
    expect(many.statements).toBe(few.statements);
    expect(few.statements).toBeLessThanOrEqual(1);
  });

  it('refuses more than 100 ids with BAD_USER_INPUT', async () => {
    const res = await h.exec(QUERY, { ids: Array.from({ length: 101 }, () => taskIds(1)[0]) }, 'teamM1');
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('writes global ids as Relay does (base64 of "Type:id"), on the id field and in encodeId, and reads them back', async () => {
    for (const type of NODE_TYPES) {
      for (const id of [1, 9, 12_345, 2 ** 53 - 1]) {
        expect(encodeId(type, id)).toBe(toGlobalId(type, String(id)));
        expect(decodeId(encodeId(type, id))).toEqual({ type, id });
      }
    }
    const { nodes: [task] } = await nodes([taskIds(1)[0]], 'teamM1');
    expect(task.id).toBe(toGlobalId('Task', String(tasks[0].id)));
  });
});
