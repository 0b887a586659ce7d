// Demo inspections (巡察), problems and rectification: rounds of a district in every
// status and mode, a city's cross inspection, memberships ended, current and future,
// dual feedback none / half / complete, findings with items open, overdue, half
// approved (either side) and closed by both (双审), and problems of daily supervision.
// Direct inserts (no audit); dates relative to today. InspectionSeeder also serves the tests.
import type { EntityManager } from 'typeorm';
import { addDays, today } from '../clock';
import {
  Domain, Inspection, InspectionGroup, InspectionMember, InspectionSuggestion, InspectionTarget, Official, OrgUnit, Post, Problem,
  RectificationItem,
} from '../entities';
import { InspectionMode, InspectionStatus, PostRole, RectificationStatus, Severity, SupervisionSource } from '../schema/enums';
import { holder, type Staffed } from './demo';

export interface SeedInspection {
  year: number;
  round: number;
  mode: InspectionMode;
  title: string;
  startsOn: string;
  endsOn: string;
  status: InspectionStatus;
}

export interface SeedProblem {
  domain: string;
  source?: SupervisionSource;
  severity?: Severity;
  description: string;
  /** A finding of this round (source INSPECTION_FEEDBACK). */
  inspection?: Inspection;
}

export interface SeedItem {
  measure: string;
  deadline: string;
  /** Closed directly (a problem outside an inspection). */
  closedBy?: Official;
  /** 双审: with both, the item is closed by the second (the supervisor). */
  principal?: Official;
  supervisor?: Official;
}

/** Direct inserts of inspection records for demo data and test fixtures. */
export class InspectionSeeder {
  private readonly at = new Date();
  private readonly domains = new Map<string, number>();

  constructor(private readonly em: EntityManager) {}

  private async insert<T extends object>(target: new () => T, row: Partial<T>): Promise<T> {
    const { identifiers } = await this.em.insert(target, row as never);
    return this.em.findOneByOrFail(target, { id: Number(identifiers[0].id) } as never);
  }

  async inspection(unit: OrgUnit, creator: Official, i: SeedInspection): Promise<Inspection> {
    return this.insert(Inspection, { cityId: unit.cityId, unitId: unit.id, ...i, createdByOfficialId: creator.id, createdAt: this.at });
  }

  async group(inspection: Inspection, name: string): Promise<InspectionGroup> {
    return this.insert(InspectionGroup, { cityId: inspection.cityId, inspectionId: inspection.id, name });
  }

  async member(group: InspectionGroup, post: Post, since: string, until: string | null = null): Promise<InspectionMember> {
    return this.insert(InspectionMember, { cityId: group.cityId, groupId: group.id, postId: post.id, since, until });
  }

  async target(
    inspection: Inspection, group: InspectionGroup, unit: OrgUnit, feedback?: { text: string; committee?: boolean; principal?: boolean },
  ): Promise<InspectionTarget> {
    return this.insert(InspectionTarget, {
      cityId: inspection.cityId, inspectionId: inspection.id, groupId: group.id, unitId: unit.id, feedback: feedback?.text ?? null,
      feedbackToCommitteeAt: feedback?.committee ? this.at : null, feedbackToPrincipalAt: feedback?.principal ? this.at : null,
    });
  }

  async suggestion(target: InspectionTarget, author: Official, text: string): Promise<InspectionSuggestion> {
    return this.insert(InspectionSuggestion, { cityId: target.cityId, targetId: target.id, text, createdByOfficialId: author.id, createdAt: this.at });
  }

  async problem(unit: OrgUnit, author: Official, p: SeedProblem): Promise<Problem> {
    if (!this.domains.has(p.domain)) this.domains.set(p.domain, (await this.em.findOneByOrFail(Domain, { code: p.domain })).id);
    return this.insert(Problem, {
      cityId: unit.cityId, unitId: unit.id, domainId: this.domains.get(p.domain)!,
      source: p.inspection ? SupervisionSource.INSPECTION_FEEDBACK : p.source ?? SupervisionSource.DAILY_SUPERVISION,
      severity: p.severity ?? Severity.GENERAL, description: p.description, inspectionId: p.inspection?.id ?? null, noticeId: null,
      caseId: null, createdByOfficialId: author.id, createdAt: this.at,
    });
  }

  async item(problem: Problem, owner: Post, r: SeedItem): Promise<RectificationItem> {
    const closedBy = r.closedBy ?? (r.principal && r.supervisor ? r.supervisor : null);
    return this.insert(RectificationItem, {
      cityId: problem.cityId, problemId: problem.id, ownerPostId: owner.id, measure: r.measure, deadline: r.deadline,
      status: closedBy ? RectificationStatus.CLOSED : RectificationStatus.OPEN, closedAt: closedBy ? this.at : null,
      closedByOfficialId: closedBy?.id ?? null,
      principalApprovedByOfficialId: r.principal?.id ?? null, principalApprovedAt: r.principal ? this.at : null,
      supervisorApprovedByOfficialId: r.supervisor?.id ?? null, supervisorApprovedAt: r.supervisor ? this.at : null,
      createdAt: this.at,
    });
  }
}

const person = (s: Staffed, role: PostRole, i = 0): Official => holder(s, role, i).official;
const post = (s: Staffed, role: PostRole, i = 0): Post => holder(s, role, i).post;

/** The team member of a unit in charge of a domain (team1: EDUCATION and HEALTH in the demo), else its SECRETARY. */
const inCharge = (s: Staffed, domain: string): Official =>
  (domain === 'EDUCATION' || domain === 'HEALTH' ? holder(s, PostRole.TEAM_MEMBER, 0)?.official : undefined) ?? person(s, PostRole.SECRETARY);

export async function seedInspections(em: EntityManager, city: Staffed): Promise<void> {
  const r = new InspectionSeeder(em);
  const day = today();
  const d = (n: number) => addDays(day, n);
  const year = Number(day.slice(0, 4));
  const [d1, d2, d3] = city.children;
  const [d1s1, d1s2] = d1.children;
  const [d1s1c1, d1s1c2] = d1s1.children;
  const [d1s2c1, d1s2c2] = d1s2.children;
  const d1Office = person(d1, PostRole.OFFICE);
  const d1Inspector = holder(d1, PostRole.INSPECTOR);

  // 1. Last year's regular round of 东湖区, closed: every item closed by both approvals.
  const closed = await r.inspection(d1.unit, d1Office, {
    year: year - 1, round: 1, mode: InspectionMode.REGULAR, title: `${d1.unit.name}委第一轮常规巡察`, startsOn: d(-400), endsOn: d(-340),
    status: InspectionStatus.CLOSED,
  });
  const closedGroup = await r.group(closed, '第一巡察组');
  await r.member(closedGroup, d1Inspector.post, d(-410), d(-300));
  for (const [unit, parent] of [[d1s1, d1], [d1s1c1, d1s1], [d1s1c2, d1s1]] as const) {
    const target = await r.target(closed, closedGroup, unit.unit, { text: `${unit.unit.name}: 党的领导弱化、主体责任落实不到位等问题 3 个`, committee: true, principal: true });
    await r.suggestion(target, d1Inspector.official, '建立健全"三重一大"决策台账, 定期向上级党组织报告');
    const problem = await r.problem(unit.unit, d1Inspector.official, {
      domain: 'EDUCATION', severity: Severity.GENERAL, inspection: closed, description: `${unit.unit.name}: 教育收费公示不规范`,
    });
    await r.item(problem, post(unit, PostRole.SECRETARY), {
      measure: '全面清理收费项目, 建立公示制度', deadline: d(-320), principal: person(unit, PostRole.SECRETARY), supervisor: inCharge(parent, 'EDUCATION'),
    });
  }

  // 2. This year's extended round, in rectification: items in every state of 双审.
  const extended = await r.inspection(d1.unit, d1Office, {
    year, round: 1, mode: InspectionMode.EXTENDED, title: `${d1.unit.name}委第一轮延伸巡察`, startsOn: d(-120), endsOn: d(-60),
    status: InspectionStatus.RECTIFICATION,
  });
  const extGroup = await r.group(extended, '第一巡察组');
  await r.member(extGroup, d1Inspector.post, d(-130));
  const street = await r.target(extended, extGroup, d1s2.unit, { text: '落实全面从严治党主体责任不力, 基层"微腐败"时有发生', committee: true, principal: true });
  const community = await r.target(extended, extGroup, d1s2c1.unit, { text: '集体"三资"管理不规范', committee: true, principal: true });
  await r.suggestion(street, d1Inspector.official, '压实班子成员"一岗双责", 开展廉政约谈');
  await r.suggestion(community, d1Inspector.official, '建立"三资"台账, 定期公开');
  const streetProblem = await r.problem(d1s2.unit, d1Inspector.official, {
    domain: 'EDUCATION', severity: Severity.SERIOUS, inspection: extended, description: '辖区学校食堂承包未经集体研究',
  });
  await r.item(streetProblem, post(d1s2, PostRole.TEAM_MEMBER), {
    measure: '重新招标并建立集体研究制度', deadline: d(-10), principal: person(d1s2, PostRole.SECRETARY), supervisor: inCharge(d1, 'EDUCATION'),
  });
  await r.item(streetProblem, post(d1s2, PostRole.OFFICE), {
    measure: '开展食堂食品安全专项检查', deadline: d(20), principal: person(d1s2, PostRole.SECRETARY),
  });
  const communityProblem = await r.problem(d1s2c1.unit, d1Inspector.official, {
    domain: 'FINANCE', severity: Severity.CRITICAL, inspection: extended, description: '集体资金存入个人账户',
  });
  await r.item(communityProblem, post(d1s2c1, PostRole.SECRETARY), {
    measure: '资金全部收回集体账户', deadline: d(-5), supervisor: inCharge(d1s2, 'FINANCE'),
  });
  await r.item(communityProblem, post(d1s2c1, PostRole.OFFICE), { measure: '建立资金审批和公开制度', deadline: d(40) });

  // 3. A special round (专项巡察) in feedback: fed back to the committee, not yet to the principal.
  const special = await r.inspection(d1.unit, d1Office, {
    year, round: 2, mode: InspectionMode.SPECIAL, title: `${d1.unit.name}委惠民资金专项巡察`, startsOn: d(-40), endsOn: d(-10),
    status: InspectionStatus.FEEDBACK,
  });
  const specialGroup = await r.group(special, '专项巡察组');
  await r.member(specialGroup, d1Inspector.post, d(-45));
  const specialTarget = await r.target(special, specialGroup, d1s2c2.unit, { text: '惠民资金发放审核把关不严', committee: true });
  await r.suggestion(specialTarget, d1Inspector.official, '对惠民资金发放开展"回头看"');
  const specialProblem = await r.problem(d1s2c2.unit, d1Inspector.official, {
    domain: 'CIVIL_AFFAIRS', severity: Severity.SERIOUS, inspection: special, description: '低保对象认定把关不严, 存在"关系保"',
  });
  await r.item(specialProblem, post(d1s2c2, PostRole.SECRETARY), { measure: '逐户复核低保对象', deadline: d(30) });
  await r.problem(d1s2c2.unit, d1Inspector.official, {
    domain: 'FINANCE', severity: Severity.MINOR, inspection: special, description: '资金发放台账不全',
  });

  // 4. A pinpoint round (点穴式) in progress: findings without a list yet.
  const pinpoint = await r.inspection(d1.unit, d1Office, {
    year, round: 3, mode: InspectionMode.PINPOINT, title: `${d1.unit.name}委点穴式巡察`, startsOn: d(-7), endsOn: d(20),
    status: InspectionStatus.IN_PROGRESS,
  });
  const pinGroup = await r.group(pinpoint, '第二巡察组');
  await r.member(pinGroup, d1Inspector.post, d(-7), d(20));
  const pinTarget = await r.target(pinpoint, pinGroup, d1s1c1.unit);
  await r.suggestion(pinTarget, d1Inspector.official, '规范村务公开栏');
  await r.problem(d1s1c1.unit, d1Inspector.official, {
    domain: 'URBAN_MANAGEMENT', severity: Severity.GENERAL, inspection: pinpoint, description: '违建整治工作推进缓慢',
  });

  // 5. A mobile round (机动巡察) planned, its member's access still ahead.
  const mobile = await r.inspection(d1.unit, d1Office, {
    year, round: 4, mode: InspectionMode.MOBILE, title: `${d1.unit.name}委机动巡察`, startsOn: d(30), endsOn: d(60),
    status: InspectionStatus.PLANNED,
  });
  const mobileGroup = await r.group(mobile, '机动巡察组');
  await r.member(mobileGroup, d1Inspector.post, d(30), d(60));
  await r.target(mobile, mobileGroup, d1s1c2.unit);

  // 6. The city's cross inspection (交叉巡察): each district's inspectors inspect another district.
  const cross = await r.inspection(city.unit, person(city, PostRole.OFFICE), {
    year, round: 1, mode: InspectionMode.CROSS, title: `${city.unit.name}委交叉巡察`, startsOn: d(-14), endsOn: d(30),
    status: InspectionStatus.IN_PROGRESS,
  });
  const crossA = await r.group(cross, '第一巡察组');
  const crossB = await r.group(cross, '第二巡察组');
  await r.member(crossA, post(city, PostRole.INSPECTOR), d(-14));
  await r.member(crossA, post(d3, PostRole.INSPECTOR), d(-14));
  await r.member(crossB, post(d2, PostRole.INSPECTOR), d(-14));
  const crossTarget = await r.target(cross, crossA, d2.unit);
  await r.target(cross, crossB, d3.unit);
  await r.suggestion(crossTarget, person(city, PostRole.INSPECTOR), '加强对下级党组织"一把手"的监督');
  await r.problem(d2.unit, person(d3, PostRole.INSPECTOR), {
    domain: 'CONSTRUCTION_BIDDING', severity: Severity.SERIOUS, inspection: cross, description: '工程项目招投标存在"围标串标"线索',
  });

  // 7. Daily supervision, complaints and surveys by each district's DISCIPLINE.
  const sources = [SupervisionSource.DAILY_SUPERVISION, SupervisionSource.PUBLIC_COMPLAINT, SupervisionSource.SPECIAL_SURVEY];
  for (const [i, district] of [d1, d2, d3].entries()) {
    const c = district.children[0].children[0];
    const problem = await r.problem(c.unit, person(district, PostRole.DISCIPLINE), {
      domain: ['HEALTH', 'AGRICULTURE', 'ECOLOGY'][i], source: sources[i], severity: Severity.GENERAL,
      description: `${c.unit.name}: ${['村卫生室药品采购不规范', '群众反映惠农补贴发放迟缓', '河道保洁责任落实不到位'][i]}`,
    });
    await r.item(problem, post(c, PostRole.SECRETARY), {
      measure: ['规范药品采购流程', '限期发放到位并公开', '落实河长制巡河责任'][i],
      deadline: i === 1 ? d(-3) : d(15 + i * 10),
      closedBy: i === 0 ? person(c, PostRole.SECRETARY) : undefined,
    });
  }
  await r.problem(d1s1.unit, person(d1, PostRole.DISCIPLINE), {
    domain: 'PARTY_BUILDING', source: SupervisionSource.SPECIAL_SURVEY, severity: Severity.MINOR, description: '"三会一课"记录不规范',
  });
}
