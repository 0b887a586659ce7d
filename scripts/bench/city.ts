// The deterministic city of the load benchmark and its smoke test, written with
// multi-row INSERTs (scripts/bench/sql.ts) into a migrated database on either engine.
// Scale 1: 1 city, 14 districts, 150 streets, 3,000 communities (3,165 units); four
// officials and posts per unit; ten key tasks per unit and year over three years with
// two milestones and ~3.3 progress updates each; four problems per unit and year with
// rectification items; ~1.4 accountability records per unit; notices, one inspection
// round, assessments and letters. Ids are assigned here, so paths are known up front.
import { hashPassword } from '../../src/auth/password';
import { addDays, today } from '../../src/clock';
import { NO_OPEN_MILESTONE } from '../../src/entities/task.entity';
import { TREE_HISTORY_START } from '../../src/entities/org-unit-version.entity';
import { DEFAULT_SCHEME, gradeOf, totalOf } from '../../src/resolvers/assessments/assessment.service';
import { noticeDueOn } from '../../src/resolvers/notices/due-date';
import { finalDueOn, nextDueOn } from '../../src/resolvers/tasks/light';
import {
  ClosureDecision, Failure, InspectionMode, InspectionStatus, LetterIssuer, Measure, NoticeState, PostRole,
  RectificationStatus, Severity, SupervisionSource, TaskStatus, UnitLevel, Visibility,
} from '../../src/schema/enums';
import { datetime, dayAt, insertRows, type SqlClient } from './sql';

export const BENCH_PASSWORD = 'zeren-bench-2026';

export interface CityShape {
  readonly districts: number;
  /** Streets of district d (0-based). */
  readonly streetsOf: (d: number) => number;
  /** Communities per street. */
  readonly communities: number;
  /** Key tasks per unit and year. */
  readonly tasksPerUnit: number;
  readonly years: number;
  readonly problemsPerUnitPerYear: number;
  /** Communities of the bench street whose SECRETARY and TEAM_MEMBER get accounts (progress posts). */
  readonly leaderCommunities: number;
  readonly noticesPerDistrict: number;
  readonly inspectionGroups: number;
}

/** Scale 1 is 14 districts of 11 or 10 streets (150 in all) of 20 communities. */
export const cityShape = (scale = 1): CityShape => ({
  districts: Math.max(1, Math.round(14 * scale)), streetsOf: (d) => (d % 14 < 10 ? 11 : 10), communities: 20,
  tasksPerUnit: 10, years: 3, problemsPerUnitPerYear: 4, leaderCommunities: 20, noticesPerDistrict: 10, inspectionGroups: 2,
});

/** The smoke city: 1 district, 2 streets, 3 communities each (10 units), 2 tasks per unit and year. */
export const SMOKE_SHAPE: CityShape = {
  districts: 1, streetsOf: () => 2, communities: 3, tasksPerUnit: 2, years: 3, problemsPerUnitPerYear: 2,
  leaderCommunities: 3, noticesPerDistrict: 10, inspectionGroups: 2,
};

export interface UnitRef {
  readonly id: number;
  readonly cityId: number;
  readonly parentId: number | null;
  readonly path: string;
  readonly name: string;
  readonly level: UnitLevel;
  /** Position in creation order (0 = the city). */
  readonly index: number;
  readonly children: UnitRef[];
}

export type Persona = 'cityOffice' | 'cityDiscipline' | 'districtOffice';

export interface Signer {
  readonly accountId: number;
  readonly officialId: number;
  /** Current posts (their ids), for the hand-written scope conditions. */
  readonly postIds: readonly number[];
}

export interface City {
  /** Today (src/clock.ts) and its year: "this year". */
  readonly day: string;
  readonly year: number;
  readonly root: UnitRef;
  readonly districts: readonly UnitRef[];
  /** The first district, its first street and that street's first community. */
  readonly district: UnitRef;
  readonly street: UnitRef;
  readonly community: UnitRef;
  readonly personas: Readonly<Record<Persona, Signer>>;
  /** Leaders with accounts and the open tasks they lead, interleaved (one leader after another). */
  readonly progressTargets: readonly (Signer & { readonly taskId: number })[];
  readonly inspectionId: number;
  /** An official with several accountability records (the integrity file read). */
  readonly integrityOfficialId: number;
  /** The domain of the responsibility-chain read (EDUCATION). */
  readonly chainDomainId: number;
  /** Rows written per table. */
  readonly rows: Readonly<Record<string, number>>;
}

const ROLES = [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE] as const;
const TITLES: Record<string, Record<string, string>> = {
  CITY: { SECRETARY: '市委书记', TEAM_MEMBER: '市委常委', DISCIPLINE: '市纪委书记', OFFICE: '市委办公室主任', INSPECTOR: '市委巡察组组员' },
  DISTRICT: { SECRETARY: '区委书记', TEAM_MEMBER: '区委常委', DISCIPLINE: '区纪委书记', OFFICE: '区委办主任' },
  STREET: { SECRETARY: '街道党工委书记', TEAM_MEMBER: '街道党工委委员', DISCIPLINE: '街道纪工委书记', OFFICE: '党建办主任' },
  COMMUNITY: { SECRETARY: '社区党委书记', TEAM_MEMBER: '社区党委委员', DISCIPLINE: '社区纪检委员', OFFICE: '社区党务专干' },
};
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石';
const GIVEN = ['建国', '海燕', '志强', '秀英', '伟', '芳', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '霞', '平'];
const MEASURES = Object.values(Measure);
const SOURCES = [SupervisionSource.DAILY_SUPERVISION, SupervisionSource.PUBLIC_COMPLAINT, SupervisionSource.SPECIAL_SURVEY, SupervisionSource.CASE_INVESTIGATION];
const SEVERITIES = Object.values(Severity);
const NOTICE_STATES = [
  NoticeState.ISSUED, NoticeState.REPORTED, NoticeState.CLOSED, NoticeState.DRAFT, NoticeState.ISSUED,
  NoticeState.PENDING_APPROVAL, NoticeState.REPORTED, NoticeState.APPROVED, NoticeState.ISSUED, NoticeState.CLOSED,
];
const NOTICE_ORDER = [NoticeState.DRAFT, NoticeState.PENDING_APPROVAL, NoticeState.APPROVED, NoticeState.ISSUED, NoticeState.REPORTED, NoticeState.CLOSED];

/** A deterministic spread of small integers. */
const mix = (...xs: number[]): number => xs.reduce((h, x) => Math.imul(h ^ (x + 0x9e3779b9), 0x85ebca6b) >>> 0, 0x2545f491) >>> 13;

/** Builds the city into a migrated, empty database. Deterministic for a given day. */
export async function buildCity(sql: SqlClient, shape: CityShape): Promise<City> {
  const rows: Record<string, number> = {};
  const insert = async (table: string, columns: readonly string[], values: unknown[][]): Promise<void> => {
    await insertRows(sql, table, columns, values);
    rows[table] = (rows[table] ?? 0) + values.length;
  };
  const now = datetime(new Date());
  const day = today();
  const year = Number(day.slice(0, 4));
  const years = Array.from({ length: shape.years }, (_, i) => year - shape.years + 1 + i);
  const daysThisYear = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / 86_400_000) + 1;
  /** A day of a year, never after today. */
  const dayOf = (y: number, h: number): string => addDays(`${y}-01-01`, h % (y === year ? daysThisYear : 365));
  const domains = new Map((await sql.query('SELECT id, code FROM domain ORDER BY id')).map((r) => [String(r.code), Number(r.id)]));
  const domainIds = [...domains.values()];
  const categoryIds = (await sql.query('SELECT id FROM notice_category ORDER BY id')).map((r) => Number(r.id));

  // ---- The tree, depth first, so every path is known when the unit is made.
  const units: UnitRef[] = [];
  const add = (parent: UnitRef | null, name: string, level: UnitLevel): UnitRef => {
    const id = units.length + 1;
    const unit: UnitRef = {
      id, cityId: parent?.cityId ?? id, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, name, level,
      index: units.length, children: [],
    };
    parent?.children.push(unit);
    units.push(unit);
    return unit;
  };
  const root = add(null, 'Bench city', UnitLevel.CITY);
  for (let d = 0; d < shape.districts; d++) {
    const district = add(root, `District ${d + 1}`, UnitLevel.DISTRICT);
    for (let s = 0; s < shape.streetsOf(d); s++) {
      const street = add(district, `Street ${d + 1}.${s + 1}`, UnitLevel.STREET);
      for (let c = 0; c < shape.communities; c++) add(street, `Community ${d + 1}.${s + 1}.${c + 1}`, UnitLevel.COMMUNITY);
    }
  }
  await insert('org_unit', ['id', 'cityId', 'parentId', 'name', 'level', 'path', 'createdAt', 'updatedAt'],
    units.map((u) => [u.id, u.cityId, u.parentId, u.name, u.level, u.path, now, now]));
  // Each unit's open version (the tree's history starts with today's tree).
  await sql.query(`INSERT INTO org_unit_version (cityId, unitId, parentId, name, level, kind, path, validFrom, validTo)
    SELECT cityId, id, parentId, name, level, kind, path, '${TREE_HISTORY_START}', NULL FROM org_unit`);
  const cityId = root.id;
  const byId = (id: number): UnitRef => units[id - 1];

  // ---- Four officials and posts per unit (post id = official id), then the city's inspectors.
  /** The official (and post) id of a unit's role. */
  const staff = (u: UnitRef, role: (typeof ROLES)[number]): number => u.index * ROLES.length + ROLES.indexOf(role) + 1;
  const officials: unknown[][] = [];
  const posts: unknown[][] = [];
  const person = (id: number, u: UnitRef, role: PostRole): void => {
    const name = `${SURNAMES[mix(id, 1) % SURNAMES.length]}${GIVEN[mix(id, 2) % GIVEN.length]}${id}`;
    officials.push([id, cityId, u.id, name, TITLES[u.level][role] ?? role, `139${String(id).padStart(8, '0')}`, `420106${String(id).padStart(11, '0')}X`, now]);
    posts.push([id, cityId, id, u.id, role, '2024-01-01', null]);
  };
  for (const u of units) for (const role of ROLES) person(staff(u, role), u, role);
  const inspectors = Array.from({ length: shape.inspectionGroups * 2 }, (_, i) => units.length * ROLES.length + i + 1);
  for (const id of inspectors) person(id, root, PostRole.INSPECTOR);
  await insert('official', ['id', 'cityId', 'unitId', 'name', 'title', 'phone', 'idNumber', 'createdAt'], officials);
  await insert('post', ['id', 'cityId', 'officialId', 'unitId', 'role', 'since', 'until'], posts);
  // Each TEAM_MEMBER is in charge of two domains, turning round the twelve.
  const teamDomains = (u: UnitRef): number[] => [domainIds[(u.index * 2) % domainIds.length], domainIds[(u.index * 2 + 1) % domainIds.length]];
  await insert('post_domain', ['postId', 'domainId'], units.flatMap((u) => teamDomains(u).map((dom) => [staff(u, PostRole.TEAM_MEMBER), dom])));

  // ---- Accounts: one password hash for all (they can sign in), tokens are signed directly.
  const passwordHash = await hashPassword(BENCH_PASSWORD, 10);
  const district = root.children[0];
  const street = district.children[0];
  const community = street.children[0];
  const accounts: [number, number, string][] = [];
  const account = (officialId: number, username: string): Signer => {
    const accountId = accounts.length + 1;
    accounts.push([accountId, officialId, username]);
    return { accountId, officialId, postIds: [officialId] };
  };
  const personas: Record<Persona, Signer> = {
    cityOffice: account(staff(root, PostRole.OFFICE), 'city.office'),
    cityDiscipline: account(staff(root, PostRole.DISCIPLINE), 'city.discipline'),
    districtOffice: account(staff(district, PostRole.OFFICE), 'd1.office'),
  };
  const leaderUnits = street.children.slice(0, shape.leaderCommunities);
  const leaders = new Map<number, Signer>(); // leader post id -> account
  for (const u of leaderUnits) {
    for (const role of [PostRole.SECRETARY, PostRole.TEAM_MEMBER] as const) {
      const id = staff(u, role);
      leaders.set(id, account(id, `leader.${id}`));
    }
  }
  await insert('account', ['id', 'officialId', 'username', 'passwordHash', 'active', 'failedLogins', 'lockedUntil', 'lastLoginAt', 'createdAt'],
    accounts.map(([id, officialId, username]) => [id, officialId, username, passwordHash, 1, 0, null, null, now]));

  // ---- Key tasks, year by year: milestones, progress, closures (as scripts/bench.ts shapes them).
  let taskId = 0;
  let milestoneId = 0;
  let progressId = 0;
  let closureId = 0;
  const openTasksOf = new Map<number, number[]>(); // leader post id -> open task ids
  for (const y of years) {
    const tasks: unknown[][] = [];
    const milestones: unknown[][] = [];
    const progress: unknown[][] = [];
    const closures: unknown[][] = [];
    for (const u of units) {
      const ui = u.index;
      for (let k = 0; k < shape.tasksPerUnit; k++) {
        const id = ++taskId;
        const shift = ((ui * 7 + k * 13) % 120) - 60 + (y - year) * 365;
        const plan = [{ dueOn: addDays(day, shift - 30), targetPercent: 50 }, { dueOn: addDays(day, shift + 30), targetPercent: 100 }];
        const closed = y < year && k % 2 === 0;
        const requested = y === year && k === shape.tasksPerUnit - 1 && ui % 5 === 0;
        const percent = closed || requested ? 100 : (ui * 3 + k * 17) % 101;
        const leaderPost = staff(u, k % 2 === 0 ? PostRole.SECRETARY : PostRole.TEAM_MEMBER);
        const status = closed ? TaskStatus.CLOSED : requested ? TaskStatus.CLOSURE_REQUESTED : TaskStatus.IN_PROGRESS;
        tasks.push([
          id, cityId, u.id, y, `Task ${y}.${u.id}.${k + 1}`, domainIds[k % domainIds.length], leaderPost, '党建办', '全面完成年度目标',
          '专题部署, 定期调度, 督查问效', k % 3 === 0 ? Visibility.PUBLIC : Visibility.INTERNAL, status, percent, finalDueOn(plan),
          closed ? NO_OPEN_MILESTONE : nextDueOn(plan, percent), closed ? now : null, staff(u, PostRole.OFFICE), now, now,
        ]);
        if (status === TaskStatus.IN_PROGRESS && leaders.has(leaderPost)) openTasksOf.set(leaderPost, [...(openTasksOf.get(leaderPost) ?? []), id]);
        plan.forEach((m, i) => milestones.push([++milestoneId, cityId, id, `时间节点 ${i + 1}`, m.dueOn, m.targetPercent]));
        const h = mix(ui, k, y);
        const updates = 2 + (h % 3) + (h % 10 < 3 ? 1 : 0);
        for (let j = 1; j <= updates; j++) {
          progress.push([
            ++progressId, cityId, id, `进展 ${j}`, Math.round((percent * j) / updates), leaderPost,
            dayAt(dayOf(y, h + j * 11)), null, null,
          ]);
        }
        if (closed || requested) {
          const decider = staff(u.parentId ? byId(u.parentId) : u, PostRole.SECRETARY);
          closures.push([
            ++closureId, cityId, id, '已按计划完成', leaderPost, now, closed ? ClosureDecision.CONFIRMED : ClosureDecision.PENDING,
            closed ? decider : null, closed ? now : null, null,
          ]);
        }
      }
    }
    await insert('task', [
      'id', 'cityId', 'unitId', 'year', 'title', 'domainId', 'leaderPostId', 'leadOffice', 'goal', 'measures', 'visibility', 'status',
      'percent', 'dueOn', 'nextDueOn', 'closedAt', 'createdByOfficialId', 'createdAt', 'updatedAt',
    ], tasks);
    await insert('milestone', ['id', 'cityId', 'taskId', 'title', 'dueOn', 'targetPercent'], milestones);
    await insert('progress_update', ['id', 'cityId', 'taskId', 'text', 'percent', 'authorOfficialId', 'createdAt', 'correctsId', 'correctionReason'], progress);
    await insert('task_closure', [
      'id', 'cityId', 'taskId', 'summary', 'requestedByOfficialId', 'requestedAt', 'decision', 'decidedByOfficialId', 'decidedAt', 'decisionComment',
    ], closures);
  }
  // Interleaved, so consecutive posts go to different leaders and tasks.
  const progressTargets: (Signer & { taskId: number })[] = [];
  const queues = [...leaders.entries()].map(([postId, signer]) => ({ signer, tasks: [...(openTasksOf.get(postId) ?? [])] }));
  for (let round = 0; queues.some((q) => q.tasks.length > round); round++) {
    for (const q of queues) if (q.tasks[round] !== undefined) progressTargets.push({ ...q.signer, taskId: q.tasks[round] });
  }

  // ---- One inspection round of the city this year: groups of two inspectors, the first street of each district a target.
  const inspectionId = 1;
  const startsOn = dayOf(year, 0) < addDays(day, -120) ? addDays(day, -120) : dayOf(year, 0);
  await insert('inspection', ['id', 'cityId', 'unitId', 'year', 'round', 'mode', 'title', 'startsOn', 'endsOn', 'status', 'createdByOfficialId', 'createdAt'],
    [[inspectionId, cityId, root.id, year, 1, InspectionMode.REGULAR, `${root.name} ${year} 年第一轮巡察`, startsOn, day, InspectionStatus.RECTIFICATION, staff(root, PostRole.OFFICE), now]]);
  const groups = Array.from({ length: shape.inspectionGroups }, (_, g) => g + 1);
  await insert('inspection_group', ['id', 'cityId', 'inspectionId', 'name'], groups.map((g) => [g, cityId, inspectionId, `第${g}巡察组`]));
  await insert('inspection_member', ['id', 'cityId', 'groupId', 'postId', 'since', 'until'],
    inspectors.map((postId, i) => [i + 1, cityId, groups[i % groups.length], postId, addDays(startsOn, -10), null]));
  const targets = root.children.map((d, i) => ({ id: i + 1, unit: d.children[0], group: groups[i % groups.length] }));
  await insert('inspection_target', ['id', 'cityId', 'inspectionId', 'groupId', 'unitId', 'feedback', 'feedbackToCommitteeAt', 'feedbackToPrincipalAt'],
    targets.map((t, i) => [t.id, cityId, inspectionId, t.group, t.unit.id, `${t.unit.name}: 主体责任落实不到位等问题`, now, i % 2 === 0 ? now : null]));
  await insert('inspection_suggestion', ['id', 'cityId', 'targetId', 'text', 'createdByOfficialId', 'createdAt'],
    targets.map((t) => [t.id, cityId, t.id, '建立健全"三重一大"决策台账', inspectors[(t.group - 1) * 2], now]));
  const targetUnits = new Set(targets.map((t) => t.unit.id));

  // ---- Problems (the target streets' problems of this year are the round's findings) and rectification items.
  const problems: unknown[][] = [];
  const items: unknown[][] = [];
  for (const y of years) {
    for (const u of units) {
      for (let j = 0; j < shape.problemsPerUnitPerYear; j++) {
        const id = problems.length + 1;
        const h = mix(u.index, j, y, 7);
        const finding = y === year && targetUnits.has(u.id);
        const found = dayOf(y, h);
        const parent = u.parentId ? byId(u.parentId) : u;
        problems.push([
          id, cityId, u.id, domainIds[h % domainIds.length], finding ? SupervisionSource.INSPECTION_FEEDBACK : SOURCES[h % SOURCES.length],
          SEVERITIES[(h >> 3) % SEVERITIES.length], `Problem ${y}.${u.id}.${j + 1}`, finding ? inspectionId : null, null, null,
          finding ? inspectors[0] : staff(parent, PostRole.DISCIPLINE), dayAt(found), found,
        ]);
        const count = 1 + (h % 2);
        for (let n = 0; n < count; n++) {
          const closed = (mix(id, n) % 10) < (y < year ? 9 : 6);
          const owner = staff(u, n === 0 ? PostRole.SECRETARY : PostRole.TEAM_MEMBER);
          items.push([
            items.length + 1, cityId, id, owner, `整改措施 ${n + 1}`, addDays(found, 60), closed ? RectificationStatus.CLOSED : RectificationStatus.OPEN,
            closed ? now : null, closed ? staff(parent, PostRole.SECRETARY) : null, closed ? staff(u, PostRole.SECRETARY) : null, closed ? now : null,
            closed ? staff(parent, PostRole.SECRETARY) : null, closed ? now : null, dayAt(found),
          ]);
        }
      }
    }
  }
  await insert('problem', [
    'id', 'cityId', 'unitId', 'domainId', 'source', 'severity', 'description', 'inspectionId', 'noticeId', 'caseId', 'createdByOfficialId', 'createdAt', 'foundOn',
  ], problems);
  await insert('rectification_item', [
    'id', 'cityId', 'problemId', 'ownerPostId', 'measure', 'deadline', 'status', 'closedAt', 'closedByOfficialId',
    'principalApprovedByOfficialId', 'principalApprovedAt', 'supervisorApprovedByOfficialId', 'supervisorApprovedAt', 'createdAt',
  ], items);

  // ---- Accountability: one or two records per unit over the years, some revised, some revoked.
  const records: unknown[][] = [];
  const revocations: unknown[][] = [];
  const recordsOf = new Map<number, number>();
  const cityDiscipline = staff(root, PostRole.DISCIPLINE);
  for (const u of units) {
    for (let j = 0; j < (u.index % 7 < 3 ? 2 : 1); j++) {
      const role = [PostRole.SECRETARY, PostRole.DISCIPLINE, PostRole.TEAM_MEMBER][(u.index + j) % 3] as (typeof ROLES)[number];
      const failure = role === PostRole.SECRETARY ? Failure.MAIN_RESPONSIBILITY
        : role === PostRole.DISCIPLINE ? Failure.SUPERVISION_RESPONSIBILITY : Failure.OTHER;
      const who = staff(u, role);
      const decidedOn = dayOf(years[(u.index + j) % years.length], mix(u.index, j, 3));
      const id = records.length + 1;
      records.push([id, cityId, who, who, u.id, cityId, null, failure, MEASURES[(u.index * 5 + j * 3) % MEASURES.length], decidedOn, '履行责任不力', null, cityDiscipline, now]);
      recordsOf.set(who, (recordsOf.get(who) ?? 0) + 1);
      if (id % 40 === 0) { // a correction: a new revision naming the one it replaces
        records.push([id + 1, cityId, who, who, u.id, cityId, null, failure, MEASURES[(u.index * 5 + j * 3 + 1) % MEASURES.length], decidedOn, '经复核更正问责方式', id, cityDiscipline, now]);
        recordsOf.set(who, (recordsOf.get(who) ?? 0) + 1);
      } else if (id % 55 === 0) {
        revocations.push([revocations.length + 1, cityId, id, '经申诉复查, 撤销问责', decidedOn, cityDiscipline, now]);
      }
    }
  }
  await insert('accountability_record', [
    'id', 'cityId', 'officialId', 'postId', 'unitId', 'issuerUnitId', 'caseId', 'failure', 'measure', 'decidedOn', 'reason', 'revisionOf', 'createdByOfficialId', 'createdAt',
  ], records);
  await insert('accountability_revocation', ['id', 'cityId', 'recordId', 'reason', 'revokedOn', 'createdByOfficialId', 'createdAt'], revocations);
  const integrityOfficialId = [...recordsOf.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];

  // ---- Notices: each district's DISCIPLINE to its TEAM_MEMBER in every state (cc its first streets' SECRETARYs), one per street.
  const notices: unknown[][] = [];
  const ccs: unknown[][] = [];
  const events: unknown[][] = [];
  const notice = (u: UnitRef, j: number, state: NoticeState, cc: readonly UnitRef[]): void => {
    const id = notices.length + 1;
    const reached = (s: NoticeState) => NOTICE_ORDER.indexOf(state) >= NOTICE_ORDER.indexOf(s);
    const issuedOn = reached(NoticeState.ISSUED) ? addDays(day, -20 - j * 15) : null;
    const [discipline, secretary, office, recipient] = [PostRole.DISCIPLINE, PostRole.SECRETARY, PostRole.OFFICE, PostRole.TEAM_MEMBER].map((r) => staff(u, r as (typeof ROLES)[number]));
    const path: [NoticeState | null, NoticeState, number][] = [[null, NoticeState.DRAFT, discipline]];
    const actorOf: Partial<Record<NoticeState, number>> = { PENDING_APPROVAL: discipline, APPROVED: secretary, ISSUED: office, REPORTED: recipient };
    for (let s = 1; s < NOTICE_ORDER.length && reached(NOTICE_ORDER[s]); s++) {
      path.push([NOTICE_ORDER[s - 1], NOTICE_ORDER[s], actorOf[NOTICE_ORDER[s]] ?? office]);
    }
    notices.push([
      id, cityId, u.id, categoryIds[(u.index + j) % categoryIds.length], teamDomains(u)[0], recipient, `关于${u.name}问题的告知书 ${j + 1}`,
      '问题清单见附件', '压实分管责任, 建立问题台账, 限期整改到位', SOURCES[j % SOURCES.length], null, state, discipline,
      reached(NoticeState.APPROVED) ? secretary : null, reached(NoticeState.APPROVED) ? now : null, issuedOn && dayAt(issuedOn),
      issuedOn && noticeDueOn(issuedOn), reached(NoticeState.REPORTED) ? now : null, reached(NoticeState.REPORTED) ? '已逐项整改落实' : null,
      state === NoticeState.CLOSED ? now : null, path.length, now, now,
    ]);
    for (const c of cc) ccs.push([id, staff(c, PostRole.SECRETARY)]);
    for (const [fromState, toState, actor] of path) {
      events.push([events.length + 1, cityId, id, fromState, toState, actor, toState === NoticeState.ISSUED && issuedOn ? dayAt(issuedOn) : now, null]);
    }
  };
  for (const d of root.children) {
    for (let j = 0; j < shape.noticesPerDistrict; j++) notice(d, j, NOTICE_STATES[j % NOTICE_STATES.length], j % 2 === 0 ? d.children.slice(0, 3) : []);
    for (const s of d.children) notice(s, 0, NoticeState.ISSUED, []);
  }
  await insert('notice', [
    'id', 'cityId', 'unitId', 'categoryId', 'domainId', 'recipientPostId', 'title', 'problems', 'measures', 'source', 'caseId', 'state',
    'draftedByOfficialId', 'approvedByOfficialId', 'approvedAt', 'issuedAt', 'dueOn', 'reportedAt', 'report', 'closedAt', 'version', 'createdAt', 'updatedAt',
  ], notices);
  await insert('notice_cc', ['noticeId', 'postId'], ccs);
  await insert('notice_event', ['id', 'cityId', 'noticeId', 'fromState', 'toState', 'actorOfficialId', 'at', 'comment'], events);

  // ---- Assessments of every unit below the city by its parent, last year and this year (the default scheme).
  const assessments: unknown[][] = [];
  const assessmentItems: unknown[][] = [];
  for (const y of [year - 1, year]) {
    for (const u of units.slice(1)) {
      const id = assessments.length + 1;
      const base = 60 + (mix(u.index, y) % 40);
      const scored = DEFAULT_SCHEME.map((item, i) => ({ ...item, score: Math.min(100, base + [0, -2, 1][i]) * 100 }));
      const total = totalOf(scored);
      const vetoed = u.index % 97 === 0;
      const parent = byId(u.parentId!);
      assessments.push([
        id, cityId, u.id, parent.id, y, total, gradeOf(total, vetoed), vetoed ? 1 : 0, vetoed ? '一票否决' : null, '"三重一大"集体决策记录不完整',
        null, null, null, staff(parent, PostRole.OFFICE), now, now,
      ]);
      scored.forEach((item, i) => assessmentItems.push([assessmentItems.length + 1, cityId, id, i + 1, item.name, item.weight, item.score]));
    }
  }
  await insert('assessment', [
    'id', 'cityId', 'unitId', 'assessorUnitId', 'year', 'total', 'grade', 'vetoed', 'vetoReason', 'feedback', 'requirements', 'followUpOn',
    'followUpResult', 'createdByOfficialId', 'createdAt', 'updatedAt',
  ], assessments);
  await insert('assessment_item', ['id', 'cityId', 'assessmentId', 'position', 'name', 'weight', 'score'], assessmentItems);

  // ---- Letters of this year: each unit's SECRETARY to each direct subordinate unit and to its TEAM_MEMBER; most signed.
  const letters: unknown[][] = [];
  for (const u of units) {
    const issuer = staff(u, PostRole.SECRETARY);
    const to: [UnitRef, number | null][] = [...u.children.map((c): [UnitRef, number | null] => [c, null]), [u, staff(u, PostRole.TEAM_MEMBER)]];
    for (const [signerUnit, signerPost] of to) {
      const signed = mix(signerUnit.id, signerPost ?? 0) % 5 !== 0;
      letters.push([
        letters.length + 1, cityId, u.id, year, LetterIssuer.SECRETARY, issuer, signerPost, signerUnit.id,
        signerPost ? `P${signerPost}` : `U${signerUnit.id}`, '党风廉政建设责任书', now, signed ? now : null,
        signed ? signerPost ?? staff(signerUnit, PostRole.SECRETARY) : null,
      ]);
    }
  }
  await insert('responsibility_letter', [
    'id', 'cityId', 'unitId', 'year', 'issuedBy', 'issuerPostId', 'signerPostId', 'signerUnitId', 'signerKey', 'content', 'issuedAt', 'signedAt', 'signedByOfficialId',
  ], letters);

  // Fresh statistics for the planner, as after any bulk load.
  const analyzed = ['org_unit', 'official', 'post', 'post_domain', 'task', 'milestone', 'progress_update', 'task_closure', 'problem', 'rectification_item',
    'accountability_record', 'accountability_revocation', 'notice', 'notice_cc', 'notice_event', 'assessment', 'assessment_item', 'responsibility_letter',
    'inspection_target'];
  if (sql.dialect === 'mysql') await sql.query(`ANALYZE TABLE ${analyzed.map((t) => `\`${t}\``).join(', ')}`);
  else await sql.query('ANALYZE');

  return {
    day, year, root, districts: root.children, district, street, community, personas, progressTargets, inspectionId,
    integrityOfficialId, chainDomainId: domains.get('EDUCATION')!, rows,
  };
}

/**
 * The national tree (issue 15): `count` more cities of the shape's tree beside the bench
 * city, each unit with its SECRETARY (official and post), so that org_unit, official and
 * post hold the nation's rows while the bench city's reads are measured. Their versions
 * open today, as the bench city's. Returns the units written.
 */
export async function addCities(sql: SqlClient, shape: CityShape, count: number, onCity?: (done: number) => void): Promise<number> {
  const now = datetime(new Date());
  let unitId = Number((await sql.query('SELECT MAX(id) AS m FROM org_unit'))[0].m);
  let personId = Math.max(Number((await sql.query('SELECT MAX(id) AS m FROM official'))[0].m), Number((await sql.query('SELECT MAX(id) AS m FROM post'))[0].m));
  let written = 0;
  for (let c = 0; c < count; c++) {
    const units: unknown[][] = [];
    const people: unknown[][] = [];
    const posts: unknown[][] = [];
    const cityId = unitId + 1;
    const add = (parentId: number | null, parentPath: string, name: string, level: UnitLevel): [number, string] => {
      const id = ++unitId;
      const path = `${parentPath}${id}/`;
      units.push([id, cityId, parentId, name, level, path, now, now]);
      const person = ++personId;
      people.push([person, cityId, id, `${SURNAMES[mix(person, 1) % SURNAMES.length]}${GIVEN[mix(person, 2) % GIVEN.length]}${person}`, TITLES[level].SECRETARY, null, null, now]);
      posts.push([person, cityId, person, id, PostRole.SECRETARY, '2024-01-01', null]);
      return [id, path];
    };
    const [rootId, rootPath] = add(null, '/', `City ${c + 2}`, UnitLevel.CITY);
    for (let d = 0; d < shape.districts; d++) {
      const [districtId, districtPath] = add(rootId, rootPath, `City ${c + 2} district ${d + 1}`, UnitLevel.DISTRICT);
      for (let s = 0; s < shape.streetsOf(d); s++) {
        const [streetId, streetPath] = add(districtId, districtPath, `City ${c + 2} street ${d + 1}.${s + 1}`, UnitLevel.STREET);
        for (let k = 0; k < shape.communities; k++) add(streetId, streetPath, `City ${c + 2} community ${d + 1}.${s + 1}.${k + 1}`, UnitLevel.COMMUNITY);
      }
    }
    await insertRows(sql, 'org_unit', ['id', 'cityId', 'parentId', 'name', 'level', 'path', 'createdAt', 'updatedAt'], units);
    await sql.query(`INSERT INTO org_unit_version (cityId, unitId, parentId, name, level, kind, path, validFrom, validTo)
      SELECT cityId, id, parentId, name, level, kind, path, '${TREE_HISTORY_START}', NULL FROM org_unit WHERE cityId = ?`, [cityId]);
    await insertRows(sql, 'official', ['id', 'cityId', 'unitId', 'name', 'title', 'phone', 'idNumber', 'createdAt'], people);
    await insertRows(sql, 'post', ['id', 'cityId', 'officialId', 'unitId', 'role', 'since', 'until'], posts);
    written += units.length;
    onCity?.(c + 1);
  }
  return written;
}
