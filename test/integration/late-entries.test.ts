// Late entries (迟报, issue 12): a progress update posted after the open milestone's due
// day says so (dueOn, daysLate), the portrait counts them, and the post still costs five
// statements; a correction is never late-refused, and neither is an update on time.
import { addDays, today } from '../../src/clock';
import type { Official, Task } from '../../src/entities';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

describeDb('late entries (flagged)', () => {
  let h: Harness;
  let late: Task;
  let onTime: Task;
  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    [late, onTime] = await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const task = (title: string, dueOn: string) => r.task(units.M1, posts.teamM1, officials.officeS1 as Official, {
        title, year: Number(today().slice(0, 4)), domain: 'HEALTH', milestones: [{ dueOn, targetPercent: 50 }, { dueOn: addDays(today(), 60), targetPercent: 100 }],
      });
      return [await task('Late one', addDays(today(), -5)), await task('On time', addDays(today(), 5))];
    });
  });
  afterAll(() => h.close());

  const post = async (task: Task, percent: number) => {
    const contextValue = await h.server.contextFor(await h.tokenOf('teamM1'));
    h.counter.reset();
    const res = await h.server.apollo.executeOperation({
      query: 'mutation P($input: PostProgressInput!) { postProgress(input: $input) { id percent dueOn daysLate } }',
      variables: { input: { taskId: encodeId('Task', task.id), text: 'progress', percent } },
    }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected');
    expect(res.body.singleResult.errors).toBeUndefined();
    return { statements: h.counter.count, data: (res.body.singleResult.data as J).postProgress };
  };

  it('marks a post after the open milestone\'s due day late, with the days, and one on time not', async () => {
    const a = await post(late, 30);
    expect(a.data).toEqual(expect.objectContaining({ dueOn: addDays(today(), -5), daysLate: 5 }));
    // Five statements for the post itself; the answer's due day is read only because it was asked for.
    expect(a.statements).toBe(6);
    const b = await post(onTime, 20);
    expect(b.data).toEqual(expect.objectContaining({ dueOn: addDays(today(), 5), daysLate: 0 }));
    const listed = await h.exec('query T($id: ID!) { node(id: $id) { ... on Task { progress { percent dueOn daysLate } } } }', { id: encodeId('Task', late.id) }, 'teamM1');
    expect((listed.data as J).node.progress).toEqual([{ percent: 30, dueOn: addDays(today(), -5), daysLate: 5 }]);
  });

  it('counts the late entries in the portrait', async () => {
    const res = await h.exec('query P($u: ID!, $y: Int!) { portrait(unitId: $u, year: $y) { lateEntries } }',
      { u: unitId(h.fixture.units.S1), y: Number(today().slice(0, 4)) }, 'officeS1');
    expect(res.errors).toBeUndefined();
    expect((res.data as J).portrait.lateEntries).toBe(1);
  });
});
