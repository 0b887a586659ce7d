// Key tasks (重点任务): PUBLIC tasks for every signed-in user, INTERNAL ones for the
// record readers in scope; ratings, closures and evidence for those readers only;
// rating comments for DISCIPLINE in scope, the unit's SECRETARY and the leader. Writes
// by the unit's keepers, the responsible leader, the unit's DISCIPLINE and a SECRETARY
// of the unit or above; every refused write writes nothing. The light is computed
// from the milestones, the percent and today.
import type { FormattedExecutionResult } from 'graphql';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { addDays, today } from '../../src/clock';
import {
  AuditEntry, Domain, Evidence, Milestone, Official, Post, ProgressUpdate, Task, TaskClosure, TaskRating,
} from '../../src/entities';
import { Light as LightEnum, PostRole, Visibility } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder, SeedBuilder } from '../../src/seed/builder';
import {
  TaskAddMilestoneDocument, TaskByIdDocument, TaskConfirmClosureDocument, TaskCorrectProgressDocument, TaskCountsDocument,
  TaskCreateDocument, TaskInternalsDocument, TaskLightsDocument, TaskNodeDocument, TaskPostProgressDocument, TaskRateDocument,
  TaskRatingCommentsDocument, TaskRequestClosureDocument, TaskReturnClosureDocument, TaskTitlesDocument, TaskUpdateDocument,
  type CreateTaskInput, type Light, type TaskFilter, type TaskSort, type TaskStatus, type TaskTitlesQuery,
} from '../generated/graphql';
import { describeDb } from '../setup/db';
import { ALL_PERSONAS, type Persona, type UnitKey } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { officialId, unitId } from '../setup/ids';

// Every date is relative to today, so the suite does not depend on the calendar.
const TODAY = today();
const d = (n: number): string => addDays(TODAY, n);
const EARLIEST = -60;
/** The year of the earliest date used: every task belongs to it. */
const YEAR = Number(d(EARLIEST).slice(0, 4));
const NO_DATE = '9999-12-31';

/** Leaders created for this file (TEAM_MEMBER posts), besides the fixture's personas. */
type ExtraLeader = 'leaderG2' | 'leaderS3' | 'leaderD3';
const EXTRA_LEADERS: [ExtraLeader, UnitKey][] = [['leaderG2', 'G2'], ['leaderS3', 'S3'], ['leaderD3', 'D3']];

interface SeedRow {
  title: string;
  unit: UnitKey;
  visibility: 'INTERNAL' | 'PUBLIC';
  leader: Persona | ExtraLeader;
  domain: 'EDUCATION' | 'HEALTH' | 'PARTY_BUILDING';
  /** [day offset, target percent] */
  milestones: [number, number][];
  /** Progress updates, as percents; the last is the task's percent. */
  progress: number[];
  closure?: 'pending' | 'confirmed';
  // What the API must say (written out, not computed):
  light: Light;
  overdue: boolean;
  status: TaskStatus;
  nextDue: number | null;
}

// Seeded in this order (ids ascending). Light boundaries: due yesterday RED, due today
// YELLOW, in 14 days YELLOW, in 15 days GREEN; closed and fully reached tasks are GREEN.
const SEEDS: SeedRow[] = [
  { title: 'M1 internal', unit: 'M1', visibility: 'INTERNAL', leader: 'teamM1', domain: 'EDUCATION',
    milestones: [[-1, 50], [100, 100]], progress: [20], light: 'RED', overdue: false, status: 'IN_PROGRESS', nextDue: -1 },
  { title: 'M1 public', unit: 'M1', visibility: 'PUBLIC', leader: 'secretaryM1', domain: 'PARTY_BUILDING',
    milestones: [[-30, 30], [7, 60], [200, 100]], progress: [30, 40], light: 'YELLOW', overdue: false, status: 'IN_PROGRESS', nextDue: 7 },
  { title: 'M2 internal', unit: 'M2', visibility: 'INTERNAL', leader: 'teamM2', domain: 'EDUCATION',
    milestones: [[0, 50], [200, 100]], progress: [10], light: 'YELLOW', overdue: false, status: 'IN_PROGRESS', nextDue: 0 },
  { title: 'S1 internal', unit: 'S1', visibility: 'INTERNAL', leader: 'secretaryS1', domain: 'PARTY_BUILDING',
    milestones: [[EARLIEST, 50], [-5, 100]], progress: [60], light: 'RED', overdue: true, status: 'IN_PROGRESS', nextDue: -5 },
  { title: 'G1 internal', unit: 'G1', visibility: 'INTERNAL', leader: 'secretaryG1', domain: 'PARTY_BUILDING',
    milestones: [[-40, 100]], progress: [100], closure: 'confirmed', light: 'GREEN', overdue: false, status: 'CLOSED', nextDue: null },
  { title: 'G2 internal', unit: 'G2', visibility: 'INTERNAL', leader: 'leaderG2', domain: 'HEALTH',
    milestones: [[20, 50], [60, 100]], progress: [], light: 'GREEN', overdue: false, status: 'IN_PROGRESS', nextDue: 20 },
  { title: 'S3 internal', unit: 'S3', visibility: 'INTERNAL', leader: 'leaderS3', domain: 'EDUCATION',
    milestones: [[-20, 100]], progress: [100], closure: 'pending', light: 'GREEN', overdue: false, status: 'CLOSURE_REQUESTED', nextDue: null },
  { title: 'D3 internal', unit: 'D3', visibility: 'INTERNAL', leader: 'leaderD3', domain: 'EDUCATION',
    milestones: [[14, 100]], progress: [], light: 'YELLOW', overdue: false, status: 'IN_PROGRESS', nextDue: 14 },
  { title: 'D3 public', unit: 'D3', visibility: 'PUBLIC', leader: 'leaderD3', domain: 'HEALTH',
    milestones: [[15, 100]], progress: [], light: 'GREEN', overdue: false, status: 'IN_PROGRESS', nextDue: 15 },
];
const PUBLIC_TITLES = SEEDS.filter((s) => s.visibility === 'PUBLIC').map((s) => s.title);

// INTERNAL tasks each persona reads: a current post of a role other than ADMIN and
// ANALYST at the task's unit or above it (the fixture tree: C1─D1─S1─M1─G1/G2, M2 under S1, D2─S3, C2─D3).
const M1_TREE = ['M1 internal', 'G1 internal', 'G2 internal'];
const S1_TREE = ['S1 internal', 'M2 internal', ...M1_TREE];
const INTERNAL_SEEN: Record<Persona, string[]> = {
  adminC1: [], adminD1: [], adminD2: [], adminC2: [], analystC1: [], retired: [], inactive: [],
  officeD1: S1_TREE, officeD2: ['S3 internal'], officeS1: S1_TREE, officeS2: [],
  secretaryS1: S1_TREE, secretaryM1: M1_TREE, secretaryG1: ['G1 internal'],
  disciplineC1: [...S1_TREE, 'S3 internal'], disciplineC2: ['D3 internal'], disciplineD1: S1_TREE, disciplineM1: M1_TREE,
  teamM1: M1_TREE, teamM2: ['M2 internal'], informantG2: ['G2 internal'],
};
const seenBy = (persona: Persona): string[] => [...PUBLIC_TITLES, ...INTERNAL_SEEN[persona]].sort();
const SIGNED_IN = ALL_PERSONAS.filter((p) => p !== 'inactive');

/** Record readers in scope of M1 (they read ratings, closures and evidence of M1's tasks). */
const M1_READERS: Persona[] = ['officeD1', 'officeS1', 'secretaryS1', 'secretaryM1', 'disciplineC1', 'disciplineD1', 'disciplineM1', 'teamM1'];

describeDb('key tasks', () => {
  let h: Harness;
  let leaders: Record<ExtraLeader, Post>;
  const tasks: Record<string, Task> = {};
  const ratings: Record<string, TaskRating> = {};
  const domains: Record<string, string> = {};
  /** Progress ids of a seeded task, oldest first. */
  const progressOf: Record<string, string[]> = {};

  const taskId = (title: string): string => encodeId('Task', tasks[title].id);
  const postId = (p: Post): string => encodeId('Post', p.id);
  const leaderPost = (who: Persona | ExtraLeader): Post =>
    (who in leaders ? leaders[who as ExtraLeader] : h.fixture.posts[who as Persona]);

  beforeAll(async () => {
    h = await startHarness();
    const { units, officials, posts } = h.fixture;
    await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      leaders = {} as Record<ExtraLeader, Post>;
      for (const [key, unit] of EXTRA_LEADERS) {
        const official = await b.official(units[unit], `Official ${key}`, `Team member of ${unit}`);
        leaders[key] = await b.post(official, units[unit], PostRole.TEAM_MEMBER, { since: '2024-01-01', domains: ['HEALTH'] });
      }
      const seeder = new ResponsibilitySeeder(em);
      for (const s of SEEDS) {
        const leader = leaderPost(s.leader);
        const leaderOfficial = await em.findOneByOrFail(Official, { id: leader.officialId });
        tasks[s.title] = await seeder.task(units[s.unit], leader, leaderOfficial, {
          title: s.title, year: YEAR, domain: s.domain, visibility: s.visibility as Visibility,
          milestones: s.milestones.map(([n, targetPercent]) => ({ dueOn: d(n), targetPercent })),
          progress: s.progress.map((percent) => [percent, `${s.title} at ${percent}`]),
        });
        if (s.closure) {
          await seeder.closure(tasks[s.title], leaderOfficial, ['Acceptance report'],
            s.closure === 'confirmed' ? { by: officials.secretaryM1, confirm: true, comment: 'Done' } : undefined);
        }
      }
      ratings['M1 internal'] = await seeder.rating(tasks['M1 internal'], officials.disciplineM1, 1, LightEnum.RED, 'Behind the plan');
      ratings['M1 public'] = await seeder.rating(tasks['M1 public'], officials.disciplineM1, 1, LightEnum.YELLOW, 'Keep the pace');
      // One piece of evidence on the latest progress of the PUBLIC task.
      const latest = await em.findOneOrFail(ProgressUpdate, { where: { taskId: tasks['M1 public'].id }, order: { id: 'DESC' } });
      await em.insert(Evidence, {
        cityId: latest.cityId, taskId: latest.taskId, progressUpdateId: latest.id, closureId: null, title: 'Meeting minutes',
        reference: 'M1-07', addedByOfficialId: posts.secretaryM1.officialId, createdAt: new Date(),
      });
    });
    for (const s of SEEDS) {
      const rows = await h.db.getRepository(ProgressUpdate).find({ where: { taskId: tasks[s.title].id }, order: { id: 'ASC' } });
      progressOf[s.title] = rows.map((p) => encodeId('ProgressUpdate', p.id));
    }
    for (const dm of await h.db.getRepository(Domain).find()) domains[dm.code] = encodeId('Domain', dm.id);
  });
  afterAll(() => h.close());

  // Rows of every table a task write touches.
  const TABLES: Record<string, EntityTarget<ObjectLiteral>> = {
    task: Task, milestone: Milestone, progress_update: ProgressUpdate, task_rating: TaskRating, task_closure: TaskClosure,
    evidence: Evidence, audit_entry: AuditEntry,
  };
  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const [name, target] of Object.entries(TABLES)) out[name] = await h.db.getRepository(target).count();
    return out;
  };
  const plus = (base: Record<string, number>, delta: Record<string, number>) =>
    Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v + (delta[k] ?? 0)]));

  /** Titles of `tasks` (one page of 100), checked against totalCount and taskStats.total. */
  async function titles(persona: Persona, filter?: TaskFilter, stats = true): Promise<string[]> {
    const res = await h.exec(TaskTitlesDocument, { filter, first: 100 }, persona);
    expect(res.errors).toBeUndefined();
    const found = res.data!.tasks.edges.map((e) => e.node.title).sort();
    expect(res.data!.tasks.totalCount).toBe(found.length);
    if (stats) {
      const counted = await h.exec(TaskCountsDocument, { filter }, persona);
      expect(counted.errors).toBeUndefined();
      expect(counted.data!.taskStats.total).toBe(found.length);
    }
    return found;
  }

  const errorPaths = (res: FormattedExecutionResult): string[] => (res.errors ?? []).map((e) => e.path!.join('.')).sort();

  // ---------------------------------------------------------------- reads

  describe('who sees which task', () => {
    it.each(SIGNED_IN)('tasks and taskStats as %s: PUBLIC tasks and INTERNAL ones in scope', async (persona) => {
      expect(await titles(persona)).toEqual(seenBy(persona));
    });

    it.each([['inactive'], [null]] as [Persona | null][])('tasks, taskStats, task and node as %s: UNAUTHENTICATED', async (persona) => {
      const list = await h.exec(TaskTitlesDocument, { first: 10 }, persona);
      expect(codes(list)).toEqual(['UNAUTHENTICATED']);
      expect(list.data).toBeNull();
      expect(codes(await h.exec(TaskCountsDocument, {}, persona))).toEqual(['UNAUTHENTICATED']);
      const one = await h.exec(TaskByIdDocument, { id: taskId('M1 public') }, persona);
      expect(codes(one)).toEqual(['UNAUTHENTICATED']);
      expect(one.data?.task ?? null).toBeNull();
      const node = await h.exec(TaskNodeDocument, { id: taskId('M1 public') }, persona);
      expect(codes(node)).toEqual(['UNAUTHENTICATED']);
      expect(node.data?.node ?? null).toBeNull();
    });

    it.each(SIGNED_IN)('task(id), node(id) of an INTERNAL task and of its rating as %s', async (persona) => {
      const visible = INTERNAL_SEEN[persona].includes('M1 internal');
      const id = taskId('M1 internal');
      const one = await h.exec(TaskByIdDocument, { id }, persona);
      expect(one.errors).toBeUndefined();
      expect(one.data!.task?.title ?? null).toBe(visible ? 'M1 internal' : null);
      const node = await h.exec(TaskNodeDocument, { id }, persona);
      expect(node.errors).toBeUndefined();
      expect(node.data!.node).toEqual(visible ? { __typename: 'Task', id, title: 'M1 internal' } : null);
      // A rating is a task internal: even on a PUBLIC task it is there for the readers in scope only.
      const ratingId = encodeId('TaskRating', ratings['M1 public'].id);
      const rating = await h.exec(TaskNodeDocument, { id: ratingId }, persona);
      expect(rating.data!.node).toEqual(M1_READERS.includes(persona) ? { __typename: 'TaskRating', id: ratingId, quarter: 1 } : null);
    });

    it('gives every signed-in user a PUBLIC task by id, node and list', async () => {
      for (const persona of SIGNED_IN) {
        const one = await h.exec(TaskByIdDocument, { id: taskId('D3 public') }, persona);
        expect(one.data!.task!.title).toBe('D3 public');
        expect((await h.exec(TaskNodeDocument, { id: taskId('D3 public') }, persona)).data!.node).toEqual(expect.objectContaining({ title: 'D3 public' }));
      }
    });
  });

  describe('field rules', () => {
    it.each(SIGNED_IN)('ratings, closures and progress evidence of a PUBLIC task as %s', async (persona) => {
      const res = await h.exec(TaskInternalsDocument, { id: taskId('M1 public') }, persona);
      const task = res.data!.task!;
      expect(task.title).toBe('M1 public');
      // Progress itself is public on a PUBLIC task, newest first.
      expect(task.progress.map((p) => p.percent)).toEqual([40, 30]);
      if (!M1_READERS.includes(persona)) {
        expect(task.ratings).toBeNull();
        expect(task.closures).toBeNull();
        expect(task.progress.map((p) => p.evidence)).toEqual([null, null]);
        expect(codes(res)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
        expect(errorPaths(res)).toEqual(['task.closures', 'task.progress.0.evidence', 'task.progress.1.evidence', 'task.ratings']);
        return;
      }
      expect(task.closures).toEqual([]);
      expect(task.progress.map((p) => p.evidence)).toEqual([[{ title: 'Meeting minutes', reference: 'M1-07' }], []]);
      // The leader (secretaryM1, also the unit's SECRETARY) and DISCIPLINE in scope read the comment.
      const readsComment = ['secretaryM1', 'disciplineC1', 'disciplineD1', 'disciplineM1'].includes(persona);
      expect(task.ratings).toEqual([{
        id: encodeId('TaskRating', ratings['M1 public'].id), year: YEAR, quarter: 1, light: 'YELLOW', computedLight: 'YELLOW',
        percent: 40, comment: readsComment ? 'Keep the pace' : null, ratedBy: { name: 'Official disciplineM1' },
      }]);
      if (readsComment) expect(res.errors).toBeUndefined();
      else {
        expect(codes(res)).toEqual(['FORBIDDEN']);
        expect(errorPaths(res)).toEqual(['task.ratings.0.comment']);
      }
    });

    // M1 internal is led by teamM1: DISCIPLINE in scope, M1's own SECRETARY and the leader
    // read the comment; secretaryS1 (above) and the OFFICE posts read the rating without it.
    const COMMENT_READERS: Persona[] = ['disciplineC1', 'disciplineD1', 'disciplineM1', 'secretaryM1', 'teamM1'];
    it.each(SIGNED_IN)('rating comment of an INTERNAL task as %s', async (persona) => {
      const res = await h.exec(TaskRatingCommentsDocument, { id: taskId('M1 internal') }, persona);
      if (!M1_READERS.includes(persona)) {
        expect(res.errors).toBeUndefined();
        expect(res.data!.task).toBeNull();
      } else if (COMMENT_READERS.includes(persona)) {
        expect(res.errors).toBeUndefined();
        expect(res.data!.task!.ratings).toEqual([{ quarter: 1, comment: 'Behind the plan' }]);
      } else {
        expect(res.data!.task!.ratings).toEqual([{ quarter: 1, comment: null }]);
        expect(codes(res)).toEqual(['FORBIDDEN']);
        expect(errorPaths(res)).toEqual(['task.ratings.0.comment']);
      }
    });

    it('shows closures with their evidence to the readers in scope', async () => {
      const res = await h.exec(TaskInternalsDocument, { id: taskId('S3 internal') }, 'officeD2');
      expect(res.errors).toBeUndefined();
      expect(res.data!.task!.closures).toEqual([expect.objectContaining({
        decision: 'PENDING', requestedBy: { name: 'Official leaderS3' }, decidedBy: null, evidence: [{ title: 'Acceptance report' }],
      })]);
      const closed = await h.exec(TaskInternalsDocument, { id: taskId('G1 internal') }, 'secretaryG1');
      expect(closed.data!.task!.closures).toEqual([expect.objectContaining({
        decision: 'CONFIRMED', decisionComment: 'Done', decidedBy: { name: 'Official secretaryM1' },
      })]);
    });
  });

  describe('light, filters, counts and paging', () => {
    const expectedFor = (persona: Persona, keep: (s: SeedRow) => boolean = () => true): string[] =>
      SEEDS.filter((s) => seenBy(persona).includes(s.title) && keep(s)).map((s) => s.title).sort();

    it.each(['disciplineC1', 'disciplineC2'] as Persona[])('computes light, overdue, status and due dates (as %s)', async (persona) => {
      const res = await h.exec(TaskLightsDocument, {}, persona);
      expect(res.errors).toBeUndefined();
      const got = Object.fromEntries(res.data!.tasks.edges.map(({ node: t }) => [t.title, {
        light: t.light, overdue: t.overdue, status: t.status, nextDueOn: t.nextDueOn, dueOn: t.dueOn, percent: t.percent, year: t.year,
      }]));
      const want = Object.fromEntries(SEEDS.filter((s) => seenBy(persona).includes(s.title)).map((s) => [s.title, {
        light: s.light, overdue: s.overdue, status: s.status, nextDueOn: s.nextDue === null ? null : d(s.nextDue),
        dueOn: d(s.milestones.at(-1)![0]), percent: s.progress.at(-1) ?? 0, year: YEAR,
      }]));
      expect(got).toEqual(want);
    });

    it.each([
      ['disciplineC1', { light: 'RED' }], ['disciplineC1', { light: 'YELLOW' }], ['disciplineC1', { light: 'GREEN' }],
      ['disciplineC2', { light: 'YELLOW' }], ['disciplineC2', { light: 'GREEN' }], ['teamM2', { light: 'YELLOW' }],
      ['disciplineC1', { overdue: true }], ['disciplineC1', { overdue: false }], ['officeD2', { overdue: false }],
      ['disciplineC1', { status: 'CLOSED' }], ['disciplineC1', { status: 'CLOSURE_REQUESTED' }], ['disciplineC1', { status: 'IN_PROGRESS' }],
    ] as [Persona, { light?: Light; overdue?: boolean; status?: TaskStatus }][])('as %s, filter %j gives the exact set', async (persona, filter) => {
      const want = expectedFor(persona, (s) => (filter.light === undefined || s.light === filter.light)
        && (filter.overdue === undefined || s.overdue === filter.overdue) && (filter.status === undefined || s.status === filter.status));
      expect(want.length).toBeGreaterThan(0);
      // taskStats ignores light and overdue, so its total is compared for status only.
      expect(await titles(persona, filter, filter.status !== undefined)).toEqual(want);
    });

    it.each(['disciplineC1', 'disciplineC2', 'teamM2', 'retired', 'officeD2'] as Persona[])('taskStats as %s counts by light and status', async (persona) => {
      const seen = SEEDS.filter((s) => seenBy(persona).includes(s.title));
      const n = (keep: (s: SeedRow) => boolean) => seen.filter(keep).length;
      const want = {
        total: seen.length, red: n((s) => s.light === 'RED'), yellow: n((s) => s.light === 'YELLOW'), green: n((s) => s.light === 'GREEN'),
        inProgress: n((s) => s.status === 'IN_PROGRESS'), closureRequested: n((s) => s.status === 'CLOSURE_REQUESTED'),
        closed: n((s) => s.status === 'CLOSED'), overdue: n((s) => s.overdue),
      };
      const res = await h.exec(TaskCountsDocument, {}, persona);
      expect(res.errors).toBeUndefined();
      expect(res.data!.taskStats).toEqual(want);
      // Light and overdue filters do not narrow the counts.
      expect((await h.exec(TaskCountsDocument, { filter: { light: 'RED', overdue: true } }, persona)).data!.taskStats).toEqual(want);
    });

    it('pins the disciplineC1 counts (a cross-check of the table)', async () => {
      const res = await h.exec(TaskCountsDocument, {}, 'disciplineC1');
      expect(res.data!.taskStats).toEqual({ total: 8, red: 2, yellow: 2, green: 4, inProgress: 6, closureRequested: 1, closed: 1, overdue: 1 });
    });

    it('filters by unit (subtree or not), domain, leader, visibility and year', async () => {
      const { units, posts, officials } = h.fixture;
      const as = 'disciplineC1';
      expect(await titles(as, { unitId: unitId(units.S1) })).toEqual(S1_TREE.slice().concat('M1 public').sort());
      expect(await titles(as, { unitId: unitId(units.S1), subtree: false })).toEqual(['S1 internal']);
      expect(await titles(as, { unitId: unitId(units.M1), subtree: false })).toEqual(['M1 internal', 'M1 public']);
      // D3's INTERNAL task stays out of disciplineC1's sight, whatever the filter.
      expect(await titles(as, { unitId: unitId(units.D3) })).toEqual(['D3 public']);
      expect(await titles('disciplineC2', { unitId: unitId(units.C2) })).toEqual(['D3 internal', 'D3 public']);
      expect(await titles(as, { domainId: domains.HEALTH })).toEqual(['D3 public', 'G2 internal']);
      expect(await titles(as, { leaderPostId: postId(posts.teamM1) })).toEqual(['M1 internal']);
      expect(await titles(as, { leaderOfficialId: officialId(officials.secretaryM1) })).toEqual(['M1 public']);
      expect(await titles('disciplineC2', { leaderPostId: postId(leaders.leaderD3) })).toEqual(['D3 internal', 'D3 public']);
      expect(await titles(as, { visibility: 'PUBLIC' })).toEqual(['D3 public', 'M1 public']);
      expect(await titles(as, { visibility: 'INTERNAL' })).toEqual([...S1_TREE, 'S3 internal'].sort());
      expect(await titles(as, { year: YEAR })).toEqual(seenBy(as));
      expect(await titles(as, { year: YEAR + 1 })).toEqual([]);
      expect(await titles(as, { light: 'RED', unitId: unitId(units.S1) }, false)).toEqual(['M1 internal', 'S1 internal']);
      expect(await titles(as, { light: 'GREEN', domainId: domains.EDUCATION }, false)).toEqual(['S3 internal']);
      // An id of the wrong type matches nothing.
      expect(await titles(as, { leaderPostId: officialId(officials.teamM1) })).toEqual([]);
    });

    // Expected orders from the table: ids ascend in seeding order.
    const byKey = (key: (s: SeedRow) => string) => (a: SeedRow, b: SeedRow) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : SEEDS.indexOf(a) - SEEDS.indexOf(b);
    const ORDERS: [TaskSort, (rows: SeedRow[]) => SeedRow[]][] = [
      ['NEXT_DUE', (rows) => rows.sort(byKey((s) => (s.nextDue === null ? NO_DATE : d(s.nextDue))))],
      ['DUE_ON', (rows) => rows.sort(byKey((s) => d(s.milestones.at(-1)![0])))],
      ['TITLE', (rows) => rows.sort(byKey((s) => s.title))],
      ['NEWEST', (rows) => rows.reverse()],
    ];
    it.each(ORDERS)('pages through the tasks by %s two at a time, each task once and in order', async (sort, order) => {
      const persona: Persona = 'disciplineC1';
      const want = order(SEEDS.filter((s) => seenBy(persona).includes(s.title))).map((s) => s.title);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page += 1) {
        const res: FormattedExecutionResult<TaskTitlesQuery> = await h.exec(TaskTitlesDocument, { sort, first: 2, after }, persona);
        expect(res.errors).toBeUndefined();
        const { edges, pageInfo, totalCount } = res.data!.tasks;
        expect(totalCount).toBe(want.length);
        expect(edges.length).toBeLessThanOrEqual(2);
        expect(pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...edges.map((e) => e.node.title));
        if (!pageInfo.hasNextPage) break;
        expect(edges).toHaveLength(2);
        after = pageInfo.endCursor;
      }
      expect(seen).toEqual(want);
    });

    it('refuses a cursor that is not one of this list', async () => {
      const res = await h.exec(TaskTitlesDocument, { first: 2, after: 'not-a-cursor' }, 'teamM1');
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('after');
    });
  });

  // ---------------------------------------------------------------- writes

  /** A valid new task of M1 led by teamM1; overrides replace fields. */
  const newTask = (overrides: Partial<CreateTaskInput> = {}): CreateTaskInput => ({
    unitId: unitId(h.fixture.units.M1), year: YEAR, title: 'New task', domainId: domains.EDUCATION,
    leaderPostId: postId(h.fixture.posts.teamM1), leadOffice: '党建办', goal: 'Goal', measures: 'Measures', visibility: 'INTERNAL',
    milestones: [{ title: 'Half', dueOn: d(30), targetPercent: 50 }, { title: 'Done', dueOn: d(90), targetPercent: 100 }],
    ...overrides,
  });
  const evidence = [{ title: 'Report', reference: 'DOC-1' }];

  type Attempt = (persona: Persona | null) => Promise<FormattedExecutionResult>;
  const ATTEMPTS: Record<string, Attempt> = {
    'createTask at M1': (p) => h.exec(TaskCreateDocument, { input: newTask() }, p),
    'updateTask M1 internal': (p) => h.exec(TaskUpdateDocument, { id: taskId('M1 internal'), input: { title: 'Renamed' } }, p),
    'updateTask M1 public': (p) => h.exec(TaskUpdateDocument, { id: taskId('M1 public'), input: { title: 'Renamed' } }, p),
    'addMilestone M1 internal': (p) => h.exec(TaskAddMilestoneDocument, { taskId: taskId('M1 internal'), input: { title: 'More', dueOn: d(150), targetPercent: 100 } }, p),
    'postProgress M1 internal': (p) => h.exec(TaskPostProgressDocument, { input: { taskId: taskId('M1 internal'), text: 'Step', percent: 30, evidence } }, p),
    'postProgress M1 public': (p) => h.exec(TaskPostProgressDocument, { input: { taskId: taskId('M1 public'), text: 'Step', percent: 50 } }, p),
    'correctProgress M1 internal': (p) => h.exec(TaskCorrectProgressDocument, { input: { progressId: progressOf['M1 internal'][0], text: 'Fix', percent: 25, reason: 'Typo' } }, p),
    'correctProgress M1 public': (p) => h.exec(TaskCorrectProgressDocument, { input: { progressId: progressOf['M1 public'][1], text: 'Fix', percent: 45, reason: 'Typo' } }, p),
    'requestTaskClosure M1 internal': (p) => h.exec(TaskRequestClosureDocument, { input: { taskId: taskId('M1 internal'), summary: 'Done', evidence } }, p),
    'rateTask M1 internal Q1': (p) => h.exec(TaskRateDocument, { input: { taskId: taskId('M1 internal'), quarter: 1, light: 'GREEN', comment: 'Fine' } }, p),
    'rateTask M1 public Q1': (p) => h.exec(TaskRateDocument, { input: { taskId: taskId('M1 public'), quarter: 1, light: 'GREEN', comment: 'Fine' } }, p),
    'confirmTaskClosure S3 internal': (p) => h.exec(TaskConfirmClosureDocument, { input: { taskId: taskId('S3 internal') } }, p),
    'returnTaskClosure S3 internal': (p) => h.exec(TaskReturnClosureDocument, { input: { taskId: taskId('S3 internal'), comment: 'No' } }, p),
    'confirmTaskClosure M1 internal': (p) => h.exec(TaskConfirmClosureDocument, { input: { taskId: taskId('M1 internal') } }, p),
    'confirmTaskClosure G1 internal': (p) => h.exec(TaskConfirmClosureDocument, { input: { taskId: taskId('G1 internal') } }, p),
    'returnTaskClosure G1 internal': (p) => h.exec(TaskReturnClosureDocument, { input: { taskId: taskId('G1 internal'), comment: 'Reopen' } }, p),
    'postProgress G1 internal': (p) => h.exec(TaskPostProgressDocument, { input: { taskId: taskId('G1 internal'), text: 'More', percent: 100 } }, p),
    'requestTaskClosure G1 internal': (p) => h.exec(TaskRequestClosureDocument, { input: { taskId: taskId('G1 internal'), summary: 'Again', evidence } }, p),
    'updateTask G1 internal': (p) => h.exec(TaskUpdateDocument, { id: taskId('G1 internal'), input: { title: 'Renamed' } }, p),
    'addMilestone G1 internal': (p) => h.exec(TaskAddMilestoneDocument, { taskId: taskId('G1 internal'), input: { title: 'More', dueOn: d(10), targetPercent: 100 } }, p),
  };

  describe('refused writes', () => {
    // [attempt, persona, code]: the shield gate refuses roles that never may (FORBIDDEN),
    // the service the wrong unit or person (FORBIDDEN) and tasks out of sight (NOT_FOUND).
    const REFUSED: [string, Persona | null, string][] = [
      ...(['officeS1', 'officeD1', 'secretaryS1', 'secretaryG1', 'teamM1', 'disciplineM1', 'adminC1', 'analystC1', 'informantG2', 'retired'] as Persona[])
        .map((p): [string, Persona, string] => ['createTask at M1', p, 'FORBIDDEN']),
      ['createTask at M1', 'inactive', 'UNAUTHENTICATED'], ['createTask at M1', null, 'UNAUTHENTICATED'],
      ['updateTask M1 internal', 'officeS1', 'FORBIDDEN'], ['updateTask M1 internal', 'officeD1', 'FORBIDDEN'],
      ['updateTask M1 internal', 'secretaryS1', 'FORBIDDEN'], ['updateTask M1 internal', 'teamM1', 'FORBIDDEN'],
      ['updateTask M1 internal', 'adminC1', 'FORBIDDEN'], ['updateTask M1 internal', 'officeD2', 'NOT_FOUND'],
      ['updateTask M1 internal', 'officeS2', 'NOT_FOUND'], ['updateTask M1 internal', 'secretaryG1', 'NOT_FOUND'],
      ['updateTask M1 internal', null, 'UNAUTHENTICATED'],
      ['updateTask M1 public', 'officeD2', 'FORBIDDEN'], ['updateTask M1 public', 'secretaryG1', 'FORBIDDEN'],
      ['addMilestone M1 internal', 'officeS1', 'FORBIDDEN'], ['addMilestone M1 internal', 'teamM1', 'FORBIDDEN'],
      ['addMilestone M1 internal', 'officeD2', 'NOT_FOUND'],
      ['postProgress M1 internal', 'secretaryM1', 'FORBIDDEN'], ['postProgress M1 internal', 'secretaryS1', 'FORBIDDEN'],
      ['postProgress M1 internal', 'disciplineM1', 'FORBIDDEN'], ['postProgress M1 internal', 'officeS1', 'FORBIDDEN'],
      ['postProgress M1 internal', 'adminC1', 'FORBIDDEN'], ['postProgress M1 internal', 'retired', 'FORBIDDEN'],
      ['postProgress M1 internal', 'teamM2', 'NOT_FOUND'], ['postProgress M1 internal', 'secretaryG1', 'NOT_FOUND'],
      ['postProgress M1 internal', 'inactive', 'UNAUTHENTICATED'],
      ['postProgress M1 public', 'teamM1', 'FORBIDDEN'], ['postProgress M1 public', 'teamM2', 'FORBIDDEN'],
      ['postProgress M1 public', 'secretaryG1', 'FORBIDDEN'],
      ['correctProgress M1 internal', 'secretaryM1', 'FORBIDDEN'], ['correctProgress M1 internal', 'teamM2', 'NOT_FOUND'],
      ['correctProgress M1 public', 'teamM1', 'FORBIDDEN'],
      ['requestTaskClosure M1 internal', 'secretaryM1', 'FORBIDDEN'], ['requestTaskClosure M1 internal', 'teamM2', 'NOT_FOUND'],
      ['requestTaskClosure M1 internal', 'officeS1', 'FORBIDDEN'],
      ['rateTask M1 internal Q1', 'disciplineD1', 'FORBIDDEN'], ['rateTask M1 internal Q1', 'disciplineC1', 'FORBIDDEN'],
      ['rateTask M1 internal Q1', 'secretaryM1', 'FORBIDDEN'], ['rateTask M1 internal Q1', 'teamM1', 'FORBIDDEN'],
      ['rateTask M1 internal Q1', 'disciplineC2', 'NOT_FOUND'], ['rateTask M1 public Q1', 'disciplineC2', 'FORBIDDEN'],
      ['confirmTaskClosure S3 internal', 'secretaryS1', 'NOT_FOUND'], ['confirmTaskClosure S3 internal', 'secretaryM1', 'NOT_FOUND'],
      ['confirmTaskClosure S3 internal', 'officeD2', 'FORBIDDEN'], ['confirmTaskClosure S3 internal', 'disciplineC1', 'FORBIDDEN'],
      ['returnTaskClosure S3 internal', 'officeD2', 'FORBIDDEN'], ['returnTaskClosure S3 internal', null, 'UNAUTHENTICATED'],
      // State: one rating per quarter; nothing pending; a closed task stays closed.
      ['rateTask M1 internal Q1', 'disciplineM1', 'CONFLICT'], ['rateTask M1 public Q1', 'disciplineM1', 'CONFLICT'],
      ['confirmTaskClosure M1 internal', 'secretaryM1', 'CONFLICT'],
      ['confirmTaskClosure G1 internal', 'secretaryM1', 'CONFLICT'], ['returnTaskClosure G1 internal', 'secretaryS1', 'CONFLICT'],
      ['postProgress G1 internal', 'secretaryG1', 'CONFLICT'], ['requestTaskClosure G1 internal', 'secretaryG1', 'CONFLICT'],
      ['updateTask G1 internal', 'secretaryG1', 'CONFLICT'], ['addMilestone G1 internal', 'secretaryG1', 'CONFLICT'],
    ];

    it.each(REFUSED)('%s as %s -> %s, nothing written', async (attempt, persona, code) => {
      const before = await counts();
      const res = await ATTEMPTS[attempt](persona);
      expect(codes(res)).toEqual([code]);
      expect(res.data).toBeNull();
      expect(await counts()).toEqual(before);
    });

    it('left the seeded tasks as they were', async () => {
      const res = await h.exec(TaskLightsDocument, {}, 'disciplineC1');
      const m1 = res.data!.tasks.edges.find((e) => e.node.title === 'M1 internal')!.node;
      expect(m1).toMatchObject({ percent: 20, status: 'IN_PROGRESS', dueOn: d(100) });
    });
  });

  describe('input errors', () => {
    const createAs = (input: CreateTaskInput) => h.exec(TaskCreateDocument, { input }, 'secretaryM1');
    const ms = (...plan: [number | string, number][]) =>
      plan.map(([day, targetPercent], i) => ({ title: `N${i}`, dueOn: typeof day === 'string' ? day : d(day), targetPercent }));

    it.each([
      ['out of date order', ms([50, 50], [20, 100])],
      ['targets decreasing', ms([20, 60], [50, 50], [80, 100])],
      ['last one not at 100', ms([20, 50], [50, 90])],
      ['due before the task year', ms([`${YEAR - 1}-12-31`, 50], [50, 100])],
      ['not a calendar day', ms([`${YEAR}-02-30`, 50], [50, 100])],
    ])('createTask with milestones %s: BAD_USER_INPUT on milestones, nothing written', async (_label, milestones) => {
      const before = await counts();
      const res = await createAs(newTask({ milestones }));
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('milestones');
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['a milestone target of 0', { milestones: [{ title: 'A', dueOn: '2000-01-01', targetPercent: 0 }] }, 'milestones.0.targetPercent'],
      ['a milestone target of 101', { milestones: [{ title: 'A', dueOn: '2000-01-01', targetPercent: 101 }] }, 'milestones.0.targetPercent'],
      ['no milestones', { milestones: [] }, 'milestones'],
      ['a malformed date', { milestones: [{ title: 'A', dueOn: '1 May', targetPercent: 100 }] }, 'milestones.0.dueOn'],
      ['an empty title', { title: '' }, 'title'],
    ] as [string, Partial<CreateTaskInput>, string][])('createTask with %s: BAD_USER_INPUT from validation, nothing written', async (_label, overrides, field) => {
      const before = await counts();
      const res = await createAs(newTask(overrides));
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.fields).toHaveProperty([field]);
      expect(await counts()).toEqual(before);
    });

    it('refuses a leader who is not a current SECRETARY or TEAM_MEMBER of the unit, and an unknown domain', async () => {
      const { posts } = h.fixture;
      const before = await counts();
      for (const post of [posts.teamM2, posts.secretaryS1, posts.disciplineM1]) {
        const res = await createAs(newTask({ leaderPostId: postId(post) }));
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0].extensions!.field).toBe('leaderPostId');
      }
      const update = await h.exec(TaskUpdateDocument, { id: taskId('M1 internal'), input: { leaderPostId: postId(posts.teamM2) } }, 'secretaryM1');
      expect(codes(update)).toEqual(['BAD_USER_INPUT']);
      expect(update.errors![0].extensions!.field).toBe('leaderPostId');
      const domain = await createAs(newTask({ domainId: encodeId('Domain', 99999) }));
      expect(codes(domain)).toEqual(['NOT_FOUND']);
      expect(domain.errors![0].extensions!.field).toBe('domainId');
      expect(await counts()).toEqual(before);
    });

    it('refuses milestones added in the past or breaking the plan', async () => {
      const before = await counts();
      const add = (dueOn: string, targetPercent: number) =>
        h.exec(TaskAddMilestoneDocument, { taskId: taskId('M1 internal'), input: { title: 'Extra', dueOn, targetPercent } }, 'secretaryM1');
      const past = await add(d(-1), 100);
      expect(codes(past)).toEqual(['BAD_USER_INPUT']);
      expect(past.errors![0].extensions!.field).toBe('dueOn');
      // M1 internal plans 50 by yesterday and 100 in 100 days: 40 in 50 days would decrease, 90 after the end would not end at 100.
      for (const [dueOn, target] of [[d(50), 40], [d(150), 90]] as [string, number][]) {
        const res = await add(dueOn, target);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0].extensions!.field).toBe('milestones');
      }
      const invalid = await add(d(10), 101);
      expect(codes(invalid)).toEqual(['BAD_USER_INPUT']);
      expect(invalid.errors![0].extensions!.fields).toHaveProperty(['targetPercent']);
      expect(await counts()).toEqual(before);
    });

    it('refuses percents out of 0..100, ratings outside a quarter and a closure below 100 percent', async () => {
      const before = await counts();
      for (const percent of [-1, 101]) {
        const post = await h.exec(TaskPostProgressDocument, { input: { taskId: taskId('M1 internal'), text: 'X', percent } }, 'teamM1');
        expect(codes(post)).toEqual(['BAD_USER_INPUT']);
        expect(post.errors![0].extensions!.fields).toHaveProperty(['percent']);
        const correct = await h.exec(TaskCorrectProgressDocument, { input: { progressId: progressOf['M1 internal'][0], text: 'X', percent, reason: 'R' } }, 'teamM1');
        expect(codes(correct)).toEqual(['BAD_USER_INPUT']);
        expect(correct.errors![0].extensions!.fields).toHaveProperty(['percent']);
      }
      for (const quarter of [0, 5]) {
        const rate = await h.exec(TaskRateDocument, { input: { taskId: taskId('M1 internal'), quarter, light: 'RED', comment: 'C' } }, 'disciplineM1');
        expect(codes(rate)).toEqual(['BAD_USER_INPUT']);
        expect(rate.errors![0].extensions!.fields).toHaveProperty(['quarter']);
      }
      const below = await h.exec(TaskRequestClosureDocument, { input: { taskId: taskId('M1 internal'), summary: 'S', evidence } }, 'teamM1');
      expect(codes(below)).toEqual(['BAD_USER_INPUT']);
      expect(below.errors![0].message).toMatch(/100 percent/);
      const noEvidence = await h.exec(TaskRequestClosureDocument, { input: { taskId: taskId('M1 internal'), summary: 'S', evidence: [] } }, 'teamM1');
      expect(codes(noEvidence)).toEqual(['BAD_USER_INPUT']);
      expect(noEvidence.errors![0].extensions!.fields).toHaveProperty(['evidence']);
      // The time of a progress update is the server's: a client cannot send one.
      const backdated = await h.exec(TaskPostProgressDocument, {
        input: { taskId: taskId('M1 internal'), text: 'X', percent: 30, createdAt: '2020-01-01T00:00:00Z' } as never,
      }, 'teamM1');
      expect(codes(backdated)).toEqual(['BAD_USER_INPUT']);
      expect(await counts()).toEqual(before);
    });

    it('refuses a rating for a quarter that has not begun', async () => {
      const next = TODAY.slice(0, 4) === String(YEAR) ? YEAR + 1 : YEAR + 2;
      const created = await createAs(newTask({
        title: 'Next year', year: next,
        milestones: [{ title: 'Done', dueOn: `${next}-06-30`, targetPercent: 100 }],
      }));
      expect(created.errors).toBeUndefined();
      const before = await counts();
      const res = await h.exec(TaskRateDocument, { input: { taskId: created.data!.createTask.id, quarter: 1, light: 'GREEN', comment: 'Early' } }, 'disciplineM1');
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].extensions!.field).toBe('quarter');
      expect(await counts()).toEqual(before);
    });
  });

  // ---------------------------------------------------------------- the life cycle

  describe('life cycle', () => {
    /** createdAt is stored to the second: the bounds are widened to whole seconds. */
    const expectServerTime = (at: string, from: Date, to: Date) => {
      const t = new Date(at).getTime();
      expect(t).toBeGreaterThanOrEqual(Math.floor(from.getTime() / 1000) * 1000);
      expect(t).toBeLessThanOrEqual(Math.ceil(to.getTime() / 1000) * 1000);
    };

    it('creates, reports progress, corrects, rates, asks to close, is returned, asks again and is closed', async () => {
      const { posts } = h.fixture;
      let before = await counts();

      // Created by M1's SECRETARY, led by teamM1.
      const created = await h.exec(TaskCreateDocument, { input: newTask({ title: '  Lifecycle  ' }) }, 'secretaryM1');
      expect(created.errors).toBeUndefined();
      const task = created.data!.createTask;
      expect(task).toMatchObject({
        title: 'Lifecycle', year: YEAR, visibility: 'INTERNAL', status: 'IN_PROGRESS', percent: 0, light: 'GREEN', overdue: false,
        dueOn: d(90), nextDueOn: d(30), closedAt: null, unit: { name: 'Unit M1' }, leader: { id: postId(posts.teamM1), role: 'TEAM_MEMBER' },
      });
      expect(task.milestones).toEqual([{ dueOn: d(30), targetPercent: 50, reached: false }, { dueOn: d(90), targetPercent: 100, reached: false }]);
      expect(await counts()).toEqual(plus(before, { task: 1, milestone: 2, audit_entry: 1 }));
      const id = task.id;

      // The keepers change it and add a milestone.
      const updated = await h.exec(TaskUpdateDocument, { id, input: { title: 'Lifecycle task' } }, 'secretaryM1');
      expect(updated.data!.updateTask.title).toBe('Lifecycle task');
      const added = await h.exec(TaskAddMilestoneDocument, { taskId: id, input: { title: 'Review', dueOn: d(120), targetPercent: 100 } }, 'secretaryM1');
      expect(added.errors).toBeUndefined();
      expect(added.data!.addMilestone).toMatchObject({ dueOn: d(120), nextDueOn: d(30) });
      expect(added.data!.addMilestone.milestones.map((m) => m.dueOn)).toEqual([d(30), d(90), d(120)]);

      // Progress: server time, immutable; a correction is a new version of the latest.
      before = await counts();
      const t1 = new Date();
      const first = await h.exec(TaskPostProgressDocument, { input: { taskId: id, text: 'Kick-off', percent: 30, evidence } }, 'teamM1');
      const t2 = new Date();
      expect(first.errors).toBeUndefined();
      expect(first.data!.postProgress).toMatchObject({ text: 'Kick-off', percent: 30, author: { name: 'Official teamM1' }, corrects: null, evidence });
      expectServerTime(first.data!.postProgress.createdAt, t1, t2);
      const second = await h.exec(TaskPostProgressDocument, { input: { taskId: id, text: 'Half way', percent: 60 } }, 'teamM1');
      expect(second.errors).toBeUndefined();
      let state = (await h.exec(TaskByIdDocument, { id }, 'teamM1')).data!.task!;
      expect(state).toMatchObject({ percent: 60, nextDueOn: d(90), light: 'GREEN' });
      expect(state.milestones.map((m) => m.reached)).toEqual([true, false, false]);

      const stale = await h.exec(TaskCorrectProgressDocument, { input: { progressId: first.data!.postProgress.id, text: 'X', percent: 35, reason: 'R' } }, 'teamM1');
      expect(codes(stale)).toEqual(['CONFLICT']);
      const t3 = new Date();
      const fixed = await h.exec(TaskCorrectProgressDocument, {
        input: { progressId: second.data!.postProgress.id, text: 'Not yet half way', percent: 45, reason: 'Counted a step twice' },
      }, 'teamM1');
      const t4 = new Date();
      expect(fixed.errors).toBeUndefined();
      expect(fixed.data!.correctProgress).toMatchObject({
        percent: 45, correctionReason: 'Counted a step twice', corrects: { id: second.data!.postProgress.id, percent: 60 },
      });
      expectServerTime(fixed.data!.correctProgress.createdAt, t3, t4);
      state = (await h.exec(TaskByIdDocument, { id }, 'teamM1')).data!.task!;
      expect(state).toMatchObject({ percent: 45, nextDueOn: d(30), latestProgress: { id: fixed.data!.correctProgress.id, percent: 45 } });
      expect(state.milestones.map((m) => m.reached)).toEqual([false, false, false]);
      // Every version stays, newest first; the originals are unchanged.
      expect(state.progress.map((p) => [p.percent, p.text, p.corrects?.id ?? null])).toEqual([
        [45, 'Not yet half way', second.data!.postProgress.id], [60, 'Half way', null], [30, 'Kick-off', null],
      ]);
      expect(state.progress[2].createdAt).toBe(first.data!.postProgress.createdAt);
      expect(await counts()).toEqual(plus(before, { progress_update: 3, evidence: 1, audit_entry: 3 }));

      // The quarterly rating by M1's DISCIPLINE, once per quarter.
      before = await counts();
      const rated = await h.exec(TaskRateDocument, { input: { taskId: id, quarter: 1, light: 'YELLOW', comment: 'Slow start' } }, 'disciplineM1');
      expect(rated.errors).toBeUndefined();
      expect(rated.data!.rateTask).toMatchObject({
        year: YEAR, quarter: 1, light: 'YELLOW', computedLight: 'GREEN', percent: 45, comment: 'Slow start', ratedBy: { name: 'Official disciplineM1' },
      });
      expect(codes(await h.exec(TaskRateDocument, { input: { taskId: id, quarter: 1, light: 'RED', comment: 'Again' } }, 'disciplineM1'))).toEqual(['CONFLICT']);
      expect(await counts()).toEqual(plus(before, { task_rating: 1, audit_entry: 1 }));

      // Closure needs 100 percent and evidence; then the SECRETARY decides.
      const request = () => h.exec(TaskRequestClosureDocument, { input: { taskId: id, summary: 'All done', evidence: [{ title: 'Acceptance report' }] } }, 'teamM1');
      expect(codes(await request())).toEqual(['BAD_USER_INPUT']);
      expect((await h.exec(TaskPostProgressDocument, { input: { taskId: id, text: 'Complete', percent: 100 } }, 'teamM1')).errors).toBeUndefined();
      state = (await h.exec(TaskByIdDocument, { id }, 'teamM1')).data!.task!;
      expect(state).toMatchObject({ percent: 100, nextDueOn: null, light: 'GREEN', status: 'IN_PROGRESS' });

      before = await counts();
      const asked = await request();
      expect(asked.errors).toBeUndefined();
      expect(asked.data!.requestTaskClosure).toMatchObject({ decision: 'PENDING', summary: 'All done', requestedBy: { name: 'Official teamM1' }, evidence: [{ title: 'Acceptance report' }] });
      expect(await counts()).toEqual(plus(before, { task_closure: 1, evidence: 1, audit_entry: 1 }));
      expect((await h.exec(TaskByIdDocument, { id }, 'teamM1')).data!.task!.status).toBe('CLOSURE_REQUESTED');

      // While pending: no second request, no progress; returning needs a comment and a SECRETARY in scope.
      before = await counts();
      expect(codes(await request())).toEqual(['CONFLICT']);
      expect(codes(await h.exec(TaskPostProgressDocument, { input: { taskId: id, text: 'More', percent: 100 } }, 'teamM1'))).toEqual(['CONFLICT']);
      const noComment = await h.exec(TaskReturnClosureDocument, { input: { taskId: id, comment: '  ' } }, 'secretaryM1');
      expect(codes(noComment)).toEqual(['BAD_USER_INPUT']);
      expect(noComment.errors![0].extensions!.field).toBe('comment');
      expect(codes(await h.exec(TaskReturnClosureDocument, { input: { taskId: id, comment: 'No' } }, 'teamM1'))).toEqual(['FORBIDDEN']);
      expect(codes(await h.exec(TaskReturnClosureDocument, { input: { taskId: id, comment: 'No' } }, 'secretaryG1'))).toEqual(['NOT_FOUND']);
      expect(codes(await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'disciplineM1'))).toEqual(['FORBIDDEN']);
      expect(await counts()).toEqual(before);

      const returned = await h.exec(TaskReturnClosureDocument, { input: { taskId: id, comment: 'Attach the acceptance minutes' } }, 'secretaryM1');
      expect(returned.errors).toBeUndefined();
      expect(returned.data!.returnTaskClosure).toMatchObject({
        decision: 'RETURNED', decisionComment: 'Attach the acceptance minutes', decidedBy: { name: 'Official secretaryM1' },
      });
      expect((await h.exec(TaskByIdDocument, { id }, 'teamM1')).data!.task!.status).toBe('IN_PROGRESS');
      expect(codes(await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'secretaryS1'))).toEqual(['CONFLICT']);

      // Asked again and confirmed by the SECRETARY above.
      expect((await request()).errors).toBeUndefined();
      const t5 = new Date();
      const confirmed = await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'secretaryS1');
      const t6 = new Date();
      expect(confirmed.errors).toBeUndefined();
      expect(confirmed.data!.confirmTaskClosure).toMatchObject({ decision: 'CONFIRMED', decisionComment: null, decidedBy: { name: 'Official secretaryS1' } });
      expectServerTime(confirmed.data!.confirmTaskClosure.decidedAt!, t5, t6);
      const closed = (await h.exec(TaskByIdDocument, { id }, 'teamM1')).data!.task!;
      expect(closed).toMatchObject({ status: 'CLOSED', light: 'GREEN', overdue: false, nextDueOn: null, percent: 100 });
      expectServerTime(closed.closedAt!, t5, t6);
      const internals = await h.exec(TaskInternalsDocument, { id }, 'secretaryM1');
      expect(internals.errors).toBeUndefined();
      expect(internals.data!.task!.closures!.map((c) => [c.decision, c.decidedBy?.name, c.evidence.length])).toEqual([
        ['CONFIRMED', 'Official secretaryS1', 1], ['RETURNED', 'Official secretaryM1', 1],
      ]);
      expect(internals.data!.task!.ratings!.map((r) => r.comment)).toEqual(['Slow start']);

      // Closed for good.
      before = await counts();
      expect(codes(await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'secretaryS1'))).toEqual(['CONFLICT']);
      expect(codes(await h.exec(TaskReturnClosureDocument, { input: { taskId: id, comment: 'Reopen' } }, 'secretaryM1'))).toEqual(['CONFLICT']);
      expect(codes(await request())).toEqual(['CONFLICT']);
      expect(codes(await h.exec(TaskPostProgressDocument, { input: { taskId: id, text: 'More', percent: 100 } }, 'teamM1'))).toEqual(['CONFLICT']);
      expect(codes(await h.exec(TaskCorrectProgressDocument, { input: { progressId: closed.latestProgress!.id, text: 'X', percent: 90, reason: 'R' } }, 'teamM1'))).toEqual(['CONFLICT']);
      expect(codes(await h.exec(TaskUpdateDocument, { id, input: { title: 'Reopened' } }, 'secretaryM1'))).toEqual(['CONFLICT']);
      expect(await counts()).toEqual(before);
      expect(await titles('teamM1', { status: 'CLOSED', unitId: unitId(h.fixture.units.M1) })).toEqual(['G1 internal', 'Lifecycle task']);
    });

    it('a SECRETARY leading a task cannot confirm their own request; the SECRETARY above can', async () => {
      const { posts } = h.fixture;
      const created = await h.exec(TaskCreateDocument, {
        input: newTask({ title: 'Led by the secretary', visibility: 'PUBLIC', leaderPostId: postId(posts.secretaryM1) }),
      }, 'secretaryM1');
      expect(created.errors).toBeUndefined();
      const id = created.data!.createTask.id;
      expect(created.data!.createTask.leader.official.name).toBe('Official secretaryM1');
      expect((await h.exec(TaskPostProgressDocument, { input: { taskId: id, text: 'Done', percent: 100, evidence } }, 'secretaryM1')).errors).toBeUndefined();
      // teamM1 is not the leader of this one.
      expect(codes(await h.exec(TaskRequestClosureDocument, { input: { taskId: id, summary: 'Done', evidence } }, 'teamM1'))).toEqual(['FORBIDDEN']);
      const asked = await h.exec(TaskRequestClosureDocument, { input: { taskId: id, summary: 'Done', evidence } }, 'secretaryM1');
      expect(asked.errors).toBeUndefined();

      const before = await counts();
      const own = await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'secretaryM1');
      expect(codes(own)).toEqual(['FORBIDDEN']);
      expect(codes(await h.exec(TaskReturnClosureDocument, { input: { taskId: id, comment: 'Mine' } }, 'secretaryM1'))).toEqual(['FORBIDDEN']);
      // The task is PUBLIC, so G1's SECRETARY sees it, but M1 is above G1.
      expect(codes(await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'secretaryG1'))).toEqual(['FORBIDDEN']);
      expect(codes(await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'teamM1'))).toEqual(['FORBIDDEN']);
      expect(await counts()).toEqual(before);
      expect((await h.exec(TaskByIdDocument, { id }, 'teamM2')).data!.task!.status).toBe('CLOSURE_REQUESTED');

      const confirmed = await h.exec(TaskConfirmClosureDocument, { input: { taskId: id } }, 'secretaryS1');
      expect(confirmed.errors).toBeUndefined();
      expect(confirmed.data!.confirmTaskClosure).toMatchObject({ decision: 'CONFIRMED', decidedBy: { name: 'Official secretaryS1' } });
      expect((await h.exec(TaskByIdDocument, { id }, 'teamM2')).data!.task!.status).toBe('CLOSED');
    });
  });
});
