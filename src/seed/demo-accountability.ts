// Demo leads, cases and accountability (seeds 001, 002, 003): community informants'
// leads to their street in every state, an inspector's lead when the demo has an
// inspection, a district case in construction bidding and a community case from a lead
// with their 一案双查 records (one revised, one revoked, restrictions in force and
// expired), and records without a case. Direct inserts (no audit); dates relative to today.
import type { EntityManager } from 'typeorm';
import { addDays, inPeriodSql, today } from '../clock';
import {
  AccountabilityRecord, AccountabilityRevocation, DisciplinaryCase, Domain, Inspection, Lead, Official, OrgUnit, type Post,
} from '../entities';
import { CaseStatus, Failure, LeadStatus, Measure, PostRole } from '../schema/enums';
import { holder, type Staffed } from './demo';

interface SeedRecord {
  who: { official: Official; post: Post };
  unit: OrgUnit;
  failure: Failure;
  measure: Measure;
  decidedOn: string;
  reason: string;
  by: Official;
  caseId?: number;
  revisionOf?: number;
}

/** Direct inserts of leads, cases and records for the demo. */
class AccountabilitySeeder {
  private readonly at = new Date();

  constructor(private readonly em: EntityManager) {}

  async lead(l: {
    unit: OrgUnit; to: OrgUnit; by: Official; concerned: Official | null; content: string; status: LeadStatus; inspectionId?: number;
  }): Promise<Lead> {
    const { identifiers } = await this.em.insert(Lead, {
      cityId: l.unit.cityId, unitId: l.unit.id, toUnitId: l.to.id, concernedOfficialId: l.concerned?.id ?? null,
      submittedByOfficialId: l.by.id, inspectionId: l.inspectionId ?? null, content: l.content, status: l.status, caseId: null,
      createdAt: this.at, updatedAt: this.at,
    });
    return this.em.findOneByOrFail(Lead, { id: Number(identifiers[0].id) });
  }

  async case(c: {
    unit: OrgUnit; against: Official; domain: string; incidentOn: string; title: string; summary: string; by: Official;
    lead?: Lead; closed?: boolean;
  }): Promise<DisciplinaryCase> {
    const domain = await this.em.findOneByOrFail(Domain, { code: c.domain });
    const { identifiers } = await this.em.insert(DisciplinaryCase, {
      cityId: c.unit.cityId, unitId: c.unit.id, issuerUnitId: c.by.unitId, officialId: c.against.id, domainId: domain.id, incidentOn: c.incidentOn, title: c.title,
      summary: c.summary, leadId: c.lead?.id ?? null, status: c.closed ? CaseStatus.CLOSED : CaseStatus.OPEN, openedByOfficialId: c.by.id,
      openedAt: this.at, closedAt: c.closed ? this.at : null,
    });
    const id = Number(identifiers[0].id);
    if (c.lead) await this.em.update(Lead, { id: c.lead.id }, { status: LeadStatus.CASE_OPENED, caseId: id });
    return this.em.findOneByOrFail(DisciplinaryCase, { id });
  }

  async record(r: SeedRecord): Promise<AccountabilityRecord> {
    const { identifiers } = await this.em.insert(AccountabilityRecord, {
      cityId: r.unit.cityId, officialId: r.who.official.id, postId: r.who.post.id, unitId: r.unit.id, issuerUnitId: r.by.unitId, caseId: r.caseId ?? null,
      failure: r.failure, measure: r.measure, decidedOn: r.decidedOn, reason: r.reason, revisionOf: r.revisionOf ?? null,
      createdByOfficialId: r.by.id, createdAt: this.at,
    });
    return this.em.findOneByOrFail(AccountabilityRecord, { id: Number(identifiers[0].id) });
  }

  async revoke(record: AccountabilityRecord, by: Official, revokedOn: string, reason: string): Promise<void> {
    await this.em.insert(AccountabilityRevocation, {
      cityId: record.cityId, recordId: record.id, reason, revokedOn, createdByOfficialId: by.id, createdAt: this.at,
    });
  }
}

/** A current INSPECTOR membership and one of its group's targets, if the demo has an inspection. */
async function inspectorTarget(em: EntityManager, cityId: number): Promise<{ inspection: Inspection; unitId: number; officialId: number } | null> {
  const day = today();
  const row = await em.createQueryBuilder()
    .select(['t.inspectionId AS inspectionId', 't.unitId AS unitId', 'p.officialId AS officialId'])
    .from('inspection_target', 't')
    .innerJoin('inspection_member', 'm', 'm.cityId = t.cityId AND m.groupId = t.groupId')
    .innerJoin('post', 'p', 'p.id = m.postId')
    .where('t.cityId = :cityId AND p.role = :role', { cityId, role: PostRole.INSPECTOR })
    .andWhere(inPeriodSql('m'), { day })
    .orderBy('t.id', 'ASC')
    .getRawOne<{ inspectionId: number; unitId: number; officialId: number }>();
  if (!row) return null;
  const inspection = await em.findOneByOrFail(Inspection, { id: Number(row.inspectionId) });
  return { inspection, unitId: Number(row.unitId), officialId: Number(row.officialId) };
}

export async function seedAccountability(em: EntityManager, city: Staffed): Promise<void> {
  const s = new AccountabilitySeeder(em);
  const day = today();
  const on = (n: number) => addDays(day, n);
  const [d1, d2, d3] = city.children;
  const cityDiscipline = holder(city, PostRole.DISCIPLINE);

  // Leads: each community's informant reports to the DISCIPLINE of its street, in every state.
  const states = [LeadStatus.SUBMITTED, LeadStatus.UNDER_REVIEW, LeadStatus.DISMISSED, LeadStatus.SUBMITTED];
  const leads = new Map<OrgUnit, Lead>();
  for (const district of city.children) {
    for (const street of district.children) {
      for (const [i, community] of street.children.entries()) {
        const informant = holder(community, PostRole.INFORMANT);
        if (!informant) continue;
        const concerned = i === 0 ? holder(community, PostRole.TEAM_MEMBER) : holder(community, PostRole.SECRETARY);
        leads.set(community.unit, await s.lead({
          unit: community.unit, to: street.unit, by: informant.official, concerned: concerned?.official ?? null,
          content: `${community.unit.name}: 群众反映${i === 0 ? '教育补助资金发放不透明, 疑有优亲厚友' : '集体"三资"处置未经民主程序'}`,
          status: states[leads.size % states.length],
        }));
      }
    }
  }
  // An inspector's lead on an inspected target goes to the inspecting unit.
  const assigned = await inspectorTarget(em, city.unit.cityId);
  if (assigned) {
    const [target, inspecting, inspector] = await Promise.all([
      em.findOneByOrFail(OrgUnit, { id: assigned.unitId }), em.findOneByOrFail(OrgUnit, { id: assigned.inspection.unitId }),
      em.findOneByOrFail(Official, { id: assigned.officialId }),
    ]);
    await s.lead({
      unit: target, to: inspecting, by: inspector, concerned: null, status: LeadStatus.SUBMITTED, inspectionId: assigned.inspection.id,
      content: '巡察中发现: 工程项目未批先建, 疑有围标串标',
    });
  }

  // 1. A district case in construction bidding: the chain of the incident day is the
  //    district's SECRETARY and DISCIPLINE and the city's team member in charge.
  const d1Secretary = holder(d1, PostRole.SECRETARY);
  const d1Discipline = holder(d1, PostRole.DISCIPLINE);
  const d1Subject = holder(d1, PostRole.TEAM_MEMBER, 1);
  const bidding = await s.case({
    unit: d1.unit, against: d1Subject.official, domain: 'CONSTRUCTION_BIDDING', incidentOn: on(-200), by: cityDiscipline.official,
    title: `${d1.unit.name} 道路改造工程围标串标案`, summary: '施工单位围标串标, 分管领导违规插手工程招投标, 收受好处费',
  });
  const cityBidding = city.staff.filter((x) => x.role === PostRole.TEAM_MEMBER)[2];
  await s.record({
    who: d1Subject, unit: d1.unit, failure: Failure.OTHER, measure: Measure.DISMISSAL, decidedOn: on(-60), caseId: bidding.id,
    reason: '违规插手工程招投标, 收受好处费', by: cityDiscipline.official,
  });
  await s.record({
    who: d1Secretary, unit: d1.unit, failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.ADMONISHMENT_TALK, decidedOn: on(-60), caseId: bidding.id,
    reason: '落实主体责任不力, 对工程建设领域廉政风险失管失察', by: cityDiscipline.official,
  });
  const supervision = await s.record({
    who: d1Discipline, unit: d1.unit, failure: Failure.SUPERVISION_RESPONSIBILITY, measure: Measure.CRITICISM_NOTICE, decidedOn: on(-60),
    caseId: bidding.id, reason: '监督责任落实不到位', by: cityDiscipline.official,
  });
  // A correction: a new revision naming the one it replaces.
  await s.record({
    who: d1Discipline, unit: d1.unit, failure: Failure.SUPERVISION_RESPONSIBILITY, measure: Measure.ADMONISHMENT_TALK, decidedOn: on(-55),
    caseId: bidding.id, revisionOf: supervision.id, reason: '监督责任落实不到位 (经复核, 问责方式更正为诫勉谈话)', by: cityDiscipline.official,
  });
  if (cityBidding) {
    await s.record({
      who: cityBidding, unit: city.unit, failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.CRITICISM_NOTICE, decidedOn: on(-50),
      caseId: bidding.id, reason: '分管领域发生腐败案件, 履行"一岗双责"不力', by: cityDiscipline.official,
    });
  }

  // 2. A community case opened from its informant's lead, closed, with 一案双查 records.
  const street = d1.children[0];
  const community = street.children[0];
  const communityTeam = holder(community, PostRole.TEAM_MEMBER);
  const fromLead = leads.get(community.unit);
  const school = await s.case({
    unit: community.unit, against: communityTeam.official, domain: 'EDUCATION', incidentOn: on(-150), by: d1Discipline.official,
    title: `${community.unit.name} 教育补助资金优亲厚友案`, summary: '经查, 分管委员将教育补助资金违规发放给亲属', lead: fromLead, closed: true,
  });
  await s.record({
    who: communityTeam, unit: community.unit, failure: Failure.OTHER, measure: Measure.DEMOTION, decidedOn: on(-40), caseId: school.id,
    reason: '违规发放教育补助资金', by: d1Discipline.official,
  });
  await s.record({
    who: holder(community, PostRole.SECRETARY), unit: community.unit, failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.CRITICISM_NOTICE,
    decidedOn: on(-40), caseId: school.id, reason: '对分管委员疏于管理', by: d1Discipline.official,
  });
  await s.record({
    who: holder(community, PostRole.DISCIPLINE), unit: community.unit, failure: Failure.SUPERVISION_RESPONSIBILITY, measure: Measure.ADMONISHMENT_TALK,
    decidedOn: on(-40), caseId: school.id, reason: '日常监督缺位', by: d1Discipline.official,
  });
  const streetDiscipline = await s.record({
    who: holder(street, PostRole.DISCIPLINE), unit: street.unit, failure: Failure.SUPERVISION_RESPONSIBILITY, measure: Measure.CRITICISM_NOTICE,
    decidedOn: on(-40), caseId: school.id, reason: '对社区"三资"监督检查不到位', by: d1Discipline.official,
  });
  await s.revoke(streetDiscipline, d1Discipline.official, on(-10), '经申诉复查, 街道纪工委已按要求开展专项检查, 撤销问责');

  // 3. Without a case: an ordered resignation whose year has passed, and a warning.
  const d2Street = d2.children[0];
  await s.record({
    who: holder(d2Street, PostRole.SECRETARY), unit: d2Street.unit, failure: Failure.MAIN_RESPONSIBILITY, measure: Measure.ORDERED_RESIGNATION,
    decidedOn: on(-400), reason: '辖区连续发生重大腐败案件, 负有主要领导责任', by: holder(d2, PostRole.DISCIPLINE).official,
  });
  await s.record({
    who: holder(d3, PostRole.TEAM_MEMBER), unit: d3.unit, failure: Failure.OTHER, measure: Measure.WARNING, decidedOn: on(-20),
    reason: '违规公款吃喝', by: cityDiscipline.official,
  });
}
