// Demo data for the embedded database: one city (江城市), three districts, two streets
// each, two communities each, a grid, and officials with accounts for every role at
// every tier. Usernames follow the unit codes: city, d1, d1s2, d1s2c1, ... + "." + role.
import type { DataSource, EntityManager } from 'typeorm';
import { addDays, quarterOf, today } from '../clock';
import { config } from '../config';
import { Official, OrgUnit, Post, ResponsibilityList } from '../entities';
import { logger } from '../logger';
import { Light, PostRole, ResponsibilitySubject, UnitKind, UnitLevel, Visibility } from '../schema/enums';
import { treeSteps } from '../resolvers/org/org-unit.service';
import { ResponsibilitySeeder, SeedBuilder, type SeedTask } from './builder';
import { seedAssessments } from './demo-assessments';
import { seedAccountability } from './demo-accountability';
import { seedInspections } from './demo-inspections';
import { seedNotices } from './demo-notices';
import { seedNoticeProblems } from './demo-notice-problems';
import { seedImports } from './demo-imports';
import { seedUrgingsAndAppeals } from './demo-work';
import { seedHearings } from './demo-hearings';
import { seedOutcomes } from './demo-outcomes';
import { runReminders } from '../reminders';

export const DEMO_PASSWORD = 'zeren-demo-2026';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['建国', '海燕', '志强', '秀英', '伟', '芳', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂英', '文', '华', '红', '玉兰', '鹏', '辉', '丽', '晶'];

const TEAM_DOMAINS = [['EDUCATION', 'HEALTH'], ['AGRICULTURE', 'TRANSPORT'], ['CONSTRUCTION_BIDDING', 'WORK_SAFETY'], ['ECOLOGY', 'CIVIL_AFFAIRS', 'FINANCE']];

const TIER_TITLES: Record<UnitLevel, Partial<Record<PostRole, string>>> = {
  CITY: { SECRETARY: '市委书记', TEAM_MEMBER: '市委常委', DISCIPLINE: '市纪委书记', OFFICE: '市委办公室主任', ADMIN: '系统管理员', ANALYST: '数据分析员', INSPECTOR: '市委巡察组组长' },
  DISTRICT: { SECRETARY: '区委书记', TEAM_MEMBER: '区委常委', DISCIPLINE: '区纪委书记', OFFICE: '区委办主任', ADMIN: '区系统管理员', INSPECTOR: '区委巡察组组员' },
  STREET: { SECRETARY: '街道党工委书记', TEAM_MEMBER: '街道党工委委员', DISCIPLINE: '街道纪工委书记', OFFICE: '党建办主任' },
  COMMUNITY: { SECRETARY: '社区党委书记', TEAM_MEMBER: '社区党委委员', DISCIPLINE: '社区纪检委员', OFFICE: '社区党务专干', INFORMANT: '监察信息员' },
  GRID: { SECRETARY: '网格党支部书记' },
};

export interface DemoAccount { username: string; name: string; role: PostRole; unit: string }

/** A unit of the demo with its staff by role, for the responsibility and supervision records. */
export interface Staffed {
  unit: OrgUnit;
  staff: { role: PostRole; official: Official; post: Post }[];
  children: Staffed[];
}

export const holder = (s: Staffed, role: PostRole, i = 0) => s.staff.filter((x) => x.role === role)[i];

const LIST_ITEMS: Record<ResponsibilitySubject, string[]> = {
  PARTY_COMMITTEE: ['研究部署党风廉政建设工作, 每半年专题研究一次', '落实"三重一大"集体决策制度', '支持纪委(纪检组)履行监督责任'],
  PRINCIPAL: ['带头落实"第一责任人"职责, 重要工作亲自部署、重大问题亲自过问', '每年听取班子成员履行"一岗双责"情况汇报'],
  TEAM_MEMBER: ['抓好分管领域党风廉政建设, 落实"一岗双责"', '对分管领域干部开展廉政约谈'],
  DISCIPLINE_COMMISSION: ['协助党委推进主体责任落实, 开展监督检查', '对责任落实不力的严肃问责, 落实"一案双查"'],
};

const LOCAL_ITEMS = ['结合本地实际, 开展基层"微腐败"专项整治', '加强村(社区)集体"三资"监管'];

/**
 * Key tasks in every light and state, with dates relative to today so the demo always
 * shows them: on track, due soon, missed, overdue, awaiting closure, closed, returned.
 */
function demoTasks(year: number, unitName: string): (SeedTask & { state?: 'requested' | 'closed' | 'returned' })[] {
  const day = today();
  const at = (n: number) => {
    const d = addDays(day, n);
    return d < `${year}-01-01` ? `${year}-01-01` : d;
  };
  return [
    { title: `${unitName} 基层"微腐败"专项整治`, year, domain: 'CIVIL_AFFAIRS', visibility: Visibility.PUBLIC,
      milestones: [{ title: '排查摸底', dueOn: at(-60), targetPercent: 30 }, { title: '整治见效', dueOn: at(90), targetPercent: 100 }],
      progress: [[20, '完成辖区摸底排查'], [40, '查处问题 6 个, 建章立制 2 项']] },
    { title: `${unitName} 工程建设招投标廉政风险排查`, year, domain: 'CONSTRUCTION_BIDDING',
      milestones: [{ title: '风险点梳理', dueOn: at(7), targetPercent: 60 }, { title: '防控措施落地', dueOn: at(120), targetPercent: 100 }],
      progress: [[30, '梳理风险点 12 个']] },
    { title: `${unitName} 教育领域"四风"问题整治`, year, domain: 'EDUCATION',
      milestones: [{ title: '问题清单', dueOn: at(-10), targetPercent: 50 }, { title: '整改销号', dueOn: at(60), targetPercent: 100 }],
      progress: [[20, '召开专题部署会']] },
    { title: `${unitName} 惠民资金专项检查`, year, domain: 'FINANCE', visibility: Visibility.PUBLIC,
      milestones: [{ title: '检查完成', dueOn: at(-5), targetPercent: 100 }],
      progress: [[50, '完成一半单位检查'], [80, '进入问题核实阶段']] },
    { title: `${unitName} 廉政教育月活动`, year, domain: 'PARTY_BUILDING', state: 'requested',
      milestones: [{ title: '活动完成', dueOn: at(-20), targetPercent: 100 }],
      progress: [[60, '开展警示教育 3 场'], [100, '活动全部完成']] },
    { title: `${unitName} 安全生产监管责任落实`, year, domain: 'WORK_SAFETY', state: 'closed', visibility: Visibility.PUBLIC,
      milestones: [{ title: '专项检查', dueOn: at(-90), targetPercent: 50 }, { title: '隐患清零', dueOn: at(-30), targetPercent: 100 }],
      progress: [[50, '检查企业 40 家'], [100, '隐患全部整改到位']] },
    { title: `${unitName} 生态环境问题整改`, year, domain: 'ECOLOGY', state: 'returned',
      milestones: [{ title: '整改完成', dueOn: at(30), targetPercent: 100 }],
      progress: [[100, '整改完成, 申请销号']] },
  ];
}

/** A year of lists (adopted tier by tier), letters (some unsigned), tasks, ratings and closures. */
async function seedResponsibility(em: EntityManager, city: Staffed): Promise<void> {
  const r = new ResponsibilitySeeder(em);
  const year = Number(today().slice(0, 4));
  const begunQuarters = Array.from({ length: quarterOf(today()) }, (_, i) => i + 1);
  const visit = async (s: Staffed, parentLists: Map<ResponsibilitySubject, ResponsibilityList>, depth: number, parent?: Staffed): Promise<void> => {
    // Lists: the city writes all four; each tier below adopts its parent's and adds local items.
    const lists = new Map<ResponsibilitySubject, ResponsibilityList>();
    for (const subject of Object.values(ResponsibilitySubject)) {
      const from = parentLists.get(subject);
      if (depth > 0 && !from) continue;
      const items = depth === 0 ? LIST_ITEMS[subject] : LOCAL_ITEMS.slice(0, depth % 2 + 1);
      lists.set(subject, await r.list(s.unit, year, subject, `${s.unit.name} ${year} 年${subject} 责任清单`, items, {
        published: s.unit.level !== UnitLevel.COMMUNITY, adoptFrom: from,
      }));
    }
    const secretary = holder(s, PostRole.SECRETARY);
    if (secretary) {
      // Letters: to each team member and each subordinate unit; the last of each kind stays unsigned.
      const team = s.staff.filter((x) => x.role === PostRole.TEAM_MEMBER);
      for (const [i, t] of team.entries()) {
        await r.letter(s.unit, year, secretary.post, { post: t.post }, '落实"一岗双责", 抓好分管领域党风廉政建设', i < team.length - 1 ? t.official : undefined);
      }
      for (const [i, c] of s.children.entries()) {
        const childSecretary = holder(c, PostRole.SECRETARY);
        await r.letter(s.unit, year, secretary.post, { unit: c.unit }, '履行党风廉政建设主体责任', i < s.children.length - 1 ? childSecretary?.official : undefined);
      }
      // Tasks, led in turn by the team members and the SECRETARY.
      const leaders = [...team, secretary];
      const discipline = holder(s, PostRole.DISCIPLINE);
      for (const [i, t] of demoTasks(year, s.unit.name).entries()) {
        const leader = leaders[i % leaders.length];
        const task = await r.task(s.unit, leader.post, holder(s, PostRole.OFFICE)?.official ?? secretary.official, t);
        if (discipline) {
          for (const q of begunQuarters.slice(-2)) {
            await r.rating(task, discipline.official, q, [Light.GREEN, Light.YELLOW, Light.RED][(i + q) % 3], `第${q}季度: 进度${task.percent}%, ${['按计划推进', '需加快进度', '节点滞后, 督促整改'][(i + q) % 3]}`);
          }
        }
        // Never the requester: a SECRETARY-led task is decided by the SECRETARY above.
        const decider = leader === secretary ? (parent && holder(parent, PostRole.SECRETARY)) : secretary;
        if (!decider) continue;
        if (t.state === 'requested') await r.closure(task, leader.official, ['活动方案及签到表', '总结报告']);
        if (t.state === 'closed') await r.closure(task, leader.official, ['整改台账', '验收报告'], { by: decider.official, confirm: true, comment: '材料齐全, 同意销号' });
        if (t.state === 'returned') await r.closure(task, leader.official, ['整改照片'], { by: decider.official, confirm: false, comment: '佐证材料不足, 请补充整改前后对比' });
      }
    }
    // Only published lists can be adopted below.
    const published = new Map([...lists].filter(([, l]) => l.publishedAt !== null));
    for (const child of s.children) await visit(child, published, depth + 1, s);
  };
  await visit(city, new Map(), 0);
}

export async function seedDemo(db: DataSource): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  let n = 0;
  const nextName = (): string => {
    const name = SURNAMES[(n * 7) % SURNAMES.length] + GIVEN[(n * 11) % GIVEN.length];
    n += 1;
    return name;
  };
  await db.transaction(async (em) => {
    const b = new SeedBuilder(em, config.auth.scryptLogN);
    const staff = async (unit: OrgUnit, code: string, roles: PostRole[], parent?: Staffed): Promise<Staffed> => {
      const staffed: Staffed = { unit, staff: [], children: [] };
      parent?.children.push(staffed);
      let team = 0;
      for (const role of roles) {
        const name = nextName();
        const official = await b.official(unit, name, TIER_TITLES[unit.level][role] ?? role, {
          phone: `1380000${String(n).padStart(4, '0')}`, idNumber: `4201062000010${String(n).padStart(4, '0')}1`,
        });
        const domains = role === PostRole.TEAM_MEMBER ? TEAM_DOMAINS[team++ % TEAM_DOMAINS.length] : undefined;
        const post = await b.post(official, unit, role, { since: '2024-01-01', domains });
        staffed.staff.push({ role, official, post });
        const suffix = role === PostRole.TEAM_MEMBER ? `team${team}` : role.toLowerCase();
        const username = `${code}.${suffix}`;
        await b.account(official, username, DEMO_PASSWORD);
        accounts.push({ username, name, role, unit: unit.name });
      }
      return staffed;
    };
    const core = [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE];
    const city = await b.unit(null, '江城市', UnitLevel.CITY);
    const cityStaff = await staff(city, 'city', [...core, PostRole.TEAM_MEMBER, PostRole.ADMIN, PostRole.ANALYST, PostRole.INSPECTOR]);
    const districts = ['东湖区', '西岭区', '南湾区'];
    for (const [di, dname] of districts.entries()) {
      const district = await b.unit(city, dname, UnitLevel.DISTRICT);
      const dcode = `d${di + 1}`;
      const districtStaff = await staff(district, dcode, [...core, PostRole.ADMIN, PostRole.INSPECTOR], cityStaff);
      for (let si = 0; si < 2; si++) {
        const street = await b.unit(district, `${dname.slice(0, 2)}${['中山', '解放'][si]}街道`, UnitLevel.STREET);
        const scode = `${dcode}s${si + 1}`;
        const streetStaff = await staff(street, scode, core, districtStaff);
        for (let ci = 0; ci < 2; ci++) {
          const community = await b.unit(street, `${street.name.slice(2, 4)}${['花园', '新村'][ci]}社区`, UnitLevel.COMMUNITY);
          const ccode = `${scode}c${ci + 1}`;
          const communityStaff = await staff(community, ccode, [PostRole.SECRETARY, PostRole.TEAM_MEMBER, PostRole.DISCIPLINE, PostRole.OFFICE, PostRole.INFORMANT], streetStaff);
          if (di === 0 && si === 0 && ci === 0) {
            const grid = await b.unit(community, `${community.name}第一网格`, UnitLevel.GRID);
            await staff(grid, `${ccode}g1`, [PostRole.SECRETARY], communityStaff);
          }
        }
      }
    }
    // Someone who moved on: an ended post stays in the history.
    const retired = await b.official(city, nextName(), '原市委常委');
    await b.post(retired, city, PostRole.TEAM_MEMBER, { since: '2019-01-01', until: '2023-12-31', domains: ['EDUCATION'] });
    await seedResponsibility(em, cityStaff);
    // --- supervision demo records (one call per area) ---
    await seedAssessments(em, cityStaff);
    await seedInspections(em, cityStaff);
    await seedAccountability(em, cityStaff);
    await seedNotices(em, cityStaff);
    await seedNoticeProblems(em, city.cityId);
    await seedImports(em, cityStaff);
    // Beside the area committees: a department under each district, a state enterprise
    // under the city, a school under a street (domain.md section 3); staffed after the
    // records above, which walk the area tree.
    for (const district of cityStaff.children.filter((c) => c.unit.level === UnitLevel.DISTRICT)) {
      const dept = await b.unit(district.unit, `${district.unit.name.slice(0, 2)}区教育局党组`, UnitLevel.STREET, { kind: UnitKind.DEPARTMENT });
      await staff(dept, `d${cityStaff.children.indexOf(district) + 1}edu`, [PostRole.SECRETARY, PostRole.OFFICE]);
    }
    const enterprise = await b.unit(city, '江城城投集团党委', UnitLevel.DISTRICT, { kind: UnitKind.ENTERPRISE });
    await staff(enterprise, 'soe1', [PostRole.SECRETARY, PostRole.DISCIPLINE, PostRole.OFFICE]);
    const firstStreet = cityStaff.children[0].children[0];
    const school = await b.unit(firstStreet.unit, '东湖中山小学党支部', UnitLevel.COMMUNITY, { kind: UnitKind.INSTITUTION });
    await staff(school, 'd1s1sch', [PostRole.SECRETARY]);
    await seedUrgingsAndAppeals(em, cityStaff);
    await seedHearings(em, cityStaff);
    await seedOutcomes(em, city.cityId);
    await seedTreeHistory(em, cityStaff);
  });
  // Today's reminders (待办 notices before deadlines), as the hourly run would make them.
  await runReminders(db, today());
  return accounts;
}

/** Seeds once, when the database has no units; prints the demo sign-ins. */
export async function seedDemoIfEmpty(db: DataSource, options: { print: boolean }): Promise<boolean> {
  if ((await db.getRepository(OrgUnit).count()) > 0) return false;
  const accounts = await seedDemo(db);
  logger.info({ accounts: accounts.length }, 'demo data loaded');
  if (options.print) {
    const show = accounts.filter((a) => /^(city|d1|d1s1|d1s1c1)\./.test(a.username));
    process.stdout.write(
      `\nDemo data loaded: ${accounts.length} accounts, all with the password "${DEMO_PASSWORD}".\n` +
      'Usernames are <unit code>.<role>: city, d1..d3 (districts), d1s1 (street), d1s1c1 (community), d1s1c1g1 (grid);\n' +
      'roles: secretary, team1, team2, discipline, office, admin, analyst, inspector, informant. For example:\n' +
      show.map((a) => `  ${a.username.padEnd(22)} ${a.role.padEnd(12)} ${a.name}  ${a.unit}`).join('\n') + '\n\n',
    );
  }
  return true;
}

/**
 * The tree's history, after the records, so the playground shows it: in 西岭区 a
 * community moved to the other street 45 days ago; in 南湾区 the second street was merged
 * into the first 90 days ago (撤并), its communities moved there the same day. Their
 * records stay; asOf reads, the chain and the case proposal see the tree of each day.
 */
async function seedTreeHistory(em: EntityManager, city: Staffed): Promise<void> {
  const [, west, south] = city.children.filter((c) => c.unit.level === UnitLevel.DISTRICT);
  const admin = city.staff.find((s) => s.role === PostRole.ADMIN)!.official.id;
  const fresh = (unit: OrgUnit) => em.findOneByOrFail(OrgUnit, { id: unit.id });
  const [westA, westB] = west.children.filter((c) => c.unit.kind === UnitKind.AREA);
  await treeSteps.move(em, admin, await fresh(westA.children[1].unit), await fresh(westB.unit), addDays(today(), -45));
  const [southA, southB] = south.children.filter((c) => c.unit.kind === UnitKind.AREA);
  const merged = addDays(today(), -90);
  for (const community of southB.children) await treeSteps.move(em, admin, await fresh(community.unit), await fresh(southA.unit), merged);
  await treeSteps.merge(em, admin, await fresh(southB.unit), await fresh(southA.unit), merged);
}
