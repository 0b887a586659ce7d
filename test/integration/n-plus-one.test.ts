// The SQL statements of a whole district subtree with every unit's officials and
// posts: a fixed number, whatever the number of units, officials and posts.
import { SubtreeStaffDocument } from '../generated/graphql';
import { PostRole, UnitLevel } from '../../src/schema/enums';
import { SeedBuilder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

/** The bound: one statement per loader kind and list, never per row. */
const MAX_STATEMENTS = 12;

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
