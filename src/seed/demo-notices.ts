// Demo notices (告知书, seed 000): each district's DISCIPLINE writes to its team members in
// every state of the life cycle (one sent back, one overdue, one reopened), streets
// write to their own team members, and the city sends one case's lessons to several
// leaders at once (以案四说). Direct inserts with their events; no audit entries.
import type { EntityManager } from 'typeorm';
import { addDays, today } from '../clock';
import { DisciplinaryCase, Domain, Notice, NoticeCategory, NoticeCc, NoticeEvent, Official, OrgUnit, Post, PostDomain } from '../entities';
import { noticeDueOn } from '../resolvers/notices/due-date';
import { NoticeState, PostRole, SupervisionSource } from '../schema/enums';
import { holder, type Staffed } from './demo';

export interface SeedNotice {
  title: string;
  /** NoticeCategory code, e.g. PUBLIC_COMPLAINTS. */
  category: string;
  /** Domain code; by default the recipient's first domain (or PARTY_BUILDING). */
  domain?: string;
  recipient: Post;
  state: NoticeState;
  source?: SupervisionSource;
  caseId?: number | null;
  problems?: string;
  measures?: string;
  cc?: Post[];
  /** Who took the steps: the unit's DISCIPLINE drafts, its SECRETARY approves, its OFFICE issues and closes. */
  drafter: Official;
  approver?: Official;
  issuer?: Official;
  /** Day of issue (ISSUED and after); due three calendar months later. */
  issuedOn?: string;
  report?: string;
  /** A send-back (with this comment) before the approval; a reopening (with this comment) after the first report. */
  returned?: string;
  reopened?: string;
}

const ORDER = [NoticeState.DRAFT, NoticeState.PENDING_APPROVAL, NoticeState.APPROVED, NoticeState.ISSUED, NoticeState.REPORTED, NoticeState.CLOSED];
const reached = (state: NoticeState, step: NoticeState): boolean => ORDER.indexOf(state) >= ORDER.indexOf(step);

/** Direct inserts of notices, with the events of the path to their state, for the demo and tests. */
export class NoticeSeeder {
  private readonly at = new Date();

  constructor(private readonly em: EntityManager) {}

  async notice(unit: OrgUnit, n: SeedNotice): Promise<Notice> {
    const category = await this.em.findOneByOrFail(NoticeCategory, { code: n.category });
    const domain = n.domain
      ? await this.em.findOneByOrFail(Domain, { code: n.domain })
      : await this.firstDomainOf(n.recipient);
    const issuedAt = n.issuedOn && reached(n.state, NoticeState.ISSUED) ? new Date(`${n.issuedOn}T02:00:00Z`) : null;
    const approver = n.approver ?? n.drafter;
    const issuer = n.issuer ?? n.drafter;
    const recipient = n.recipient.officialId;
    // The path of events to the state, as [from, to, actor, comment].
    const path: [NoticeState | null, NoticeState, number, string | null][] = [[null, NoticeState.DRAFT, n.drafter.id, null]];
    if (n.returned) {
      path.push([NoticeState.DRAFT, NoticeState.PENDING_APPROVAL, n.drafter.id, null], [NoticeState.PENDING_APPROVAL, NoticeState.DRAFT, approver.id, n.returned]);
    }
    if (reached(n.state, NoticeState.PENDING_APPROVAL)) path.push([NoticeState.DRAFT, NoticeState.PENDING_APPROVAL, n.drafter.id, null]);
    if (reached(n.state, NoticeState.APPROVED)) path.push([NoticeState.PENDING_APPROVAL, NoticeState.APPROVED, approver.id, null]);
    if (reached(n.state, NoticeState.ISSUED)) path.push([NoticeState.APPROVED, NoticeState.ISSUED, issuer.id, null]);
    if (n.reopened) {
      path.push([NoticeState.ISSUED, NoticeState.REPORTED, recipient, null], [NoticeState.REPORTED, NoticeState.ISSUED, issuer.id, n.reopened]);
    }
    if (reached(n.state, NoticeState.REPORTED)) path.push([NoticeState.ISSUED, NoticeState.REPORTED, recipient, null]);
    if (reached(n.state, NoticeState.CLOSED)) path.push([NoticeState.REPORTED, NoticeState.CLOSED, issuer.id, null]);
    const reported = reached(n.state, NoticeState.REPORTED) || !!n.reopened;

    const { identifiers } = await this.em.insert(Notice, {
      cityId: unit.cityId, unitId: unit.id, categoryId: category.id, domainId: domain.id, recipientPostId: n.recipient.id,
      title: n.title, problems: n.problems ?? `${n.title}: 问题清单见附件`, measures: n.measures ?? '压实分管责任, 建立问题台账, 限期整改到位',
      source: n.source ?? SupervisionSource.DAILY_SUPERVISION, caseId: n.caseId ?? null, state: n.state, draftedByOfficialId: n.drafter.id,
      approvedByOfficialId: reached(n.state, NoticeState.APPROVED) ? approver.id : null, approvedAt: reached(n.state, NoticeState.APPROVED) ? this.at : null,
      issuedAt, dueOn: issuedAt ? noticeDueOn(n.issuedOn!) : null,
      reportedAt: reported ? this.at : null, report: reported ? (n.report ?? '已召开专题会议研究部署, 逐项整改落实') : null,
      closedAt: n.state === NoticeState.CLOSED ? this.at : null, version: path.length, createdAt: this.at, updatedAt: this.at,
    });
    const id = Number(identifiers[0].id);
    if (n.cc?.length) await this.em.insert(NoticeCc, n.cc.map((p) => ({ noticeId: id, postId: p.id })));
    await this.em.insert(NoticeEvent, path.map(([fromState, toState, actorOfficialId, comment]) => ({
      cityId: unit.cityId, noticeId: id, fromState, toState, actorOfficialId, comment,
      at: toState === NoticeState.ISSUED && fromState === NoticeState.APPROVED && issuedAt ? issuedAt : this.at,
    })));
    return this.em.findOneByOrFail(Notice, { id });
  }

  private async firstDomainOf(post: Post): Promise<Domain> {
    const link = await this.em.findOne(PostDomain, { where: { postId: post.id }, order: { domainId: 'ASC' } });
    return this.em.findOneByOrFail(Domain, link ? { id: link.domainId } : { code: 'PARTY_BUILDING' });
  }
}

const team = (s: Staffed): Post[] => s.staff.filter((x) => x.role === PostRole.TEAM_MEMBER).map((x) => x.post);

/** Notices of every state in the demo city, dated relative to today. */
export async function seedNotices(em: EntityManager, city: Staffed): Promise<void> {
  const seeder = new NoticeSeeder(em);
  const day = today();
  const handlers = (s: Staffed) => ({
    drafter: holder(s, PostRole.DISCIPLINE).official, approver: holder(s, PostRole.SECRETARY).official, issuer: holder(s, PostRole.OFFICE).official,
  });

  for (const [di, district] of city.children.entries()) {
    const [team1, team2] = team(district);
    const streetSecretaries = district.children.map((s) => holder(s, PostRole.SECRETARY).post);
    const by = handlers(district);
    const name = district.unit.name;
    const write = (n: Omit<SeedNotice, 'drafter'>) => seeder.notice(district.unit, { ...by, ...n });
    await write({
      title: `关于加强村(社区)集体"三资"管理的告知书`, category: 'WEAK_REGULATION', recipient: team2, domain: 'AGRICULTURE',
      source: SupervisionSource.SPECIAL_SURVEY, state: NoticeState.CLOSED, issuedOn: addDays(day, -150), cc: streetSecretaries,
      problems: `${name}专项调研发现: 清产核资不精准、管理制度不统一、监督管理不严密等4类14个问题`,
      measures: '督促农业农村部门对集体经济组织"三资"情况全面摸底, 出台指导意见和示范性文本, 建立登记保管、使用处置、收益分配等制度',
      report: '已完成全区集体经济组织"三资"摸底, 出台指导意见 1 份、示范文本 6 个, 相关制度全部建立',
    });
    await write({
      title: '关于教育资助政策落实中侵害群众利益问题的告知书', category: 'PUBLIC_COMPLAINTS', recipient: team1, domain: 'EDUCATION',
      source: SupervisionSource.PUBLIC_COMPLAINT, state: NoticeState.REPORTED, issuedOn: addDays(day, -70),
      problems: '群众反映营养改善计划、贫困学生生活补助等资助政策落实不到位, 存在不合规享受资助资金问题',
      measures: '开展教育资助政策落实专项检查, 清退不合规资金, 精准识别资助对象',
      report: '成立 4 个专项督查组检查全区学校, 清退不合规资助资金 17 万余元',
    });
    await write({
      title: '关于医疗卫生系统行业作风问题的告知书', category: 'FOUR_WINDS', recipient: team1, domain: 'HEALTH',
      state: NoticeState.ISSUED, issuedOn: addDays(day, -100), // past its due day: overdue
      problems: '不合理医疗检查、收受"红包"回扣等行业作风问题反映集中', measures: '开展不合理医疗检查与行业作风专项治理, 对医疗机构开展监督检查',
    });
    if (di > 0) continue;
    // One district shows the rest of the life cycle.
    await write({
      title: '关于交通领域项目资金监管问题的告知书', category: 'ORDERS_NOT_FOLLOWED', recipient: team2, domain: 'TRANSPORT',
      source: SupervisionSource.INSPECTION_FEEDBACK, state: NoticeState.ISSUED, issuedOn: addDays(day, -20),
      reopened: '整改报告未附项目资金台账, 请补充后重新报告',
    });
    await write({
      title: '关于农村人居环境整治推进不力的告知书', category: 'POOR_RECTIFICATION', recipient: team2, domain: 'AGRICULTURE',
      state: NoticeState.ISSUED, issuedOn: addDays(day, -10),
    });
    await write({
      title: '关于校外培训机构监管问题的告知书', category: 'FREQUENT_VIOLATIONS', recipient: team1, domain: 'EDUCATION',
      state: NoticeState.APPROVED,
    });
    await write({
      title: '关于基层医疗机构药品采购问题的告知书', category: 'WEAK_REGULATION', recipient: team1, domain: 'HEALTH',
      state: NoticeState.PENDING_APPROVAL,
    });
    await write({
      title: '关于农村公路养护资金使用问题的告知书', category: 'FEIGNED_COMPLIANCE', recipient: team2, domain: 'TRANSPORT',
      state: NoticeState.DRAFT, returned: '问题表述不够具体, 请补充典型事例和数据',
    });
    await write({
      title: '关于学校食堂管理问题的告知书', category: 'PUBLIC_COMPLAINTS', recipient: team1, domain: 'EDUCATION', state: NoticeState.DRAFT,
    });
  }

  // Each street to one of its own team members.
  for (const district of city.children) {
    for (const street of district.children) {
      const [member] = team(street);
      if (!member) continue;
      await seeder.notice(street.unit, {
        ...handlers(street), title: `关于${street.unit.name}"微腐败"问题的告知书`, category: 'FREQUENT_VIOLATIONS', recipient: member,
        state: NoticeState.ISSUED, issuedOn: addDays(day, -30),
      });
    }
  }

  // 以案四说/以案四改: the systemic problems of one case sent to several city leaders at once.
  // Each leader hears of the lessons for their own domain; the case is one of the city's if the
  // demo has one (cases are seeded by their own area).
  const origin = await em.getRepository(DisciplinaryCase).createQueryBuilder('c')
    .where('c.cityId = :cityId', { cityId: city.unit.cityId }).orderBy('c.id', 'ASC').getOne();
  for (const [i, leader] of team(city).entries()) {
    await seeder.notice(city.unit, {
      ...handlers(city), title: '关于工程建设招标投标领域"以案四说""以案四改"的告知书', category: 'SYSTEMIC_CASE_PROBLEMS',
      recipient: leader, source: SupervisionSource.CASE_INVESTIGATION, caseId: origin?.id ?? null,
      state: i === 0 ? NoticeState.REPORTED : NoticeState.ISSUED, issuedOn: addDays(day, -45),
      problems: '典型案件暴露出项目监管制度不健全、廉政风险防范不够到位等10个方面问题',
      measures: '开展"以案四说""以案四改", 将权力集中的"条状"管理转为权力分置的"横向"管理, 建立完善相关制度机制',
    });
  }
}
