// Late entries refused (ZEREN_LATE_ENTRY=refuse, 2 days' grace; 富宁 practice): past the
// grace a new post is refused with CONFLICT (reason late) and nothing is written; within
// it, or on time, it goes through.
import '../setup/late-refuse-env';
import { addDays, today } from '../../src/clock';
import { ProgressUpdate, type Official, type Task } from '../../src/entities';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';

describeDb('late entries (refused after the grace)', () => {
  let h: Harness;
  let tasks: Record<'pastGrace' | 'inGrace' | 'onTime', Task>;
  beforeAll(async () => {
    h = await startHarness();
    const { units, posts, officials } = h.fixture;
    tasks = await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      const task = (title: string, dueOn: string) => r.task(units.M1, posts.teamM1, officials.officeS1 as Official, {
        title, year: Number(today().slice(0, 4)), domain: 'HEALTH', milestones: [{ dueOn, targetPercent: 50 }, { dueOn: addDays(today(), 60), targetPercent: 100 }],
      });
      return { pastGrace: await task('Past grace', addDays(today(), -3)), inGrace: await task('In grace', addDays(today(), -2)), onTime: await task('On time', today()) };
    });
  });
  afterAll(() => h.close());

  const post = (task: Task) => h.exec('mutation P($input: PostProgressInput!) { postProgress(input: $input) { daysLate } }',
    { input: { taskId: encodeId('Task', task.id), text: 'progress', percent: 30 } }, 'teamM1');

  it('refuses a post past the grace, and takes one within it or on time', async () => {
    const refused = await post(tasks.pastGrace);
    expect(refused.errors?.[0].extensions).toEqual(expect.objectContaining({ code: 'CONFLICT', reason: 'late' }));
    expect(await h.db.getRepository(ProgressUpdate).countBy({ taskId: tasks.pastGrace.id })).toBe(0);
    expect((await post(tasks.inGrace)).data).toEqual({ postProgress: { daysLate: 2 } });
    expect((await post(tasks.onTime)).data).toEqual({ postProgress: { daysLate: 0 } });
  });
});
