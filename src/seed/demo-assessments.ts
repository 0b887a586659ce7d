// Demo assessments, reports, interviews and risk points (direct inserts, no audit), with
// dates relative to today: every parent's assessments of its children for last year
// (default and custom schemes, a veto, feedback, follow-up checks, an unassessed grid),
// written reports on time, late, overdue as drafts and missing, oral reports held with
// questions (answered and not) and one still to come, individual and collective
// interviews, and risk points with control measures at every tier.
import type { EntityManager } from 'typeorm';
import { addDays, today } from '../clock';
import {
  Assessment, AssessmentItem, ControlMeasure, Domain, Interview, InterviewParticipant, Report, ReportQuestion, RiskPoint,
  type Official, type OrgUnit, type Post,
} from '../entities';
import { DEFAULT_SCHEME, gradeOf, totalOf } from '../resolvers/assessments/assessment.service';
import { writtenDueOn } from '../resolvers/reports/report.service';
import { InterviewKind, PostRole, ReportKind, RiskLevel } from '../schema/enums';
import { holder, type Staffed } from './demo';

export interface SeedAssessment {
  year: number;
  /** Scores of the default scheme, or custom items (score 0..100). */
  scores?: number[];
  items?: { name: string; weight: number; score: number }[];
  veto?: string;
  feedback?: string;
  requirements?: string;
  followUp?: { on: string; result: string };
}

/** Direct inserts of assessment, report, interview and risk-point records for the demo and the tests. */
export class AssessmentSeeder {
  private readonly at = new Date();

  constructor(private readonly em: EntityManager) {}

  async assessment(unit: OrgUnit, recorder: Official, a: SeedAssessment): Promise<Assessment> {
    const items = (a.items ?? DEFAULT_SCHEME.map((item, i) => ({ ...item, score: a.scores![i] })))
      .map((i) => ({ ...i, score: Math.round(i.score * 100) }));
    const total = totalOf(items);
    const { identifiers } = await this.em.insert(Assessment, {
      cityId: unit.cityId, unitId: unit.id, assessorUnitId: unit.parentId!, year: a.year, total, grade: gradeOf(total, !!a.veto),
      vetoed: !!a.veto, vetoReason: a.veto ?? null, feedback: a.feedback ?? null, requirements: a.requirements ?? null,
      followUpOn: a.followUp?.on ?? null, followUpResult: a.followUp?.result ?? null, createdByOfficialId: recorder.id,
      createdAt: this.at, updatedAt: this.at,
    });
    const id = Number(identifiers[0].id);
    await this.em.insert(AssessmentItem, items.map((i, n) => ({
      cityId: unit.cityId, assessmentId: id, position: n + 1, name: i.name, weight: i.weight, score: i.score,
    })));
    return this.em.findOneByOrFail(Assessment, { id });
  }

  /** A written report on `year`: a draft (no submittedAt) or submitted at the given time. */
  async written(unit: OrgUnit, reporter: Post, year: number, content: string, submittedAt: Date | null): Promise<Report> {
    return this.report(unit, reporter, {
      year, kind: ReportKind.WRITTEN, content, dueOn: writtenDueOn(year), submittedAt, heldOn: null,
    });
  }

  async oral(unit: OrgUnit, reporter: Post, year: number, heldOn: string, content: string): Promise<Report> {
    return this.report(unit, reporter, { year, kind: ReportKind.ORAL, content, dueOn: null, submittedAt: null, heldOn });
  }

  private async report(unit: OrgUnit, reporter: Post, r: Pick<Report, 'year' | 'kind' | 'content' | 'dueOn' | 'submittedAt' | 'heldOn'>): Promise<Report> {
    const { identifiers } = await this.em.insert(Report, { cityId: unit.cityId, unitId: unit.id, reporterPostId: reporter.id, createdAt: this.at, ...r });
    return this.em.findOneByOrFail(Report, { id: Number(identifiers[0].id) });
  }

  async question(report: Report, askedBy: Official, question: string, answer?: string): Promise<ReportQuestion> {
    const { identifiers } = await this.em.insert(ReportQuestion, {
      cityId: report.cityId, reportId: report.id, askedByOfficialId: askedBy.id, question, answer: answer ?? null,
      askedAt: this.at, answeredAt: answer ? this.at : null,
    });
    return this.em.findOneByOrFail(ReportQuestion, { id: Number(identifiers[0].id) });
  }

  async interview(
    unit: OrgUnit, interviewer: Post, participants: Official[], i: { kind: InterviewKind; heldOn: string; reason: string; record: string },
  ): Promise<Interview> {
    const { identifiers } = await this.em.insert(Interview, {
      cityId: unit.cityId, unitId: unit.id, interviewerPostId: interviewer.id, createdAt: this.at, ...i,
    });
    const id = Number(identifiers[0].id);
    await this.em.insert(InterviewParticipant, participants.map((o) => ({ interviewId: id, officialId: o.id })));
    return this.em.findOneByOrFail(Interview, { id });
  }

  async riskPoint(
    unit: OrgUnit, r: { area: string; description: string; level: RiskLevel; domain?: string },
    measures: { description: string; owner?: Post }[],
  ): Promise<RiskPoint> {
    const domain = r.domain ? await this.em.findOneByOrFail(Domain, { code: r.domain }) : null;
    const { identifiers } = await this.em.insert(RiskPoint, {
      cityId: unit.cityId, unitId: unit.id, domainId: domain?.id ?? null, area: r.area, description: r.description, level: r.level, createdAt: this.at,
    });
    const id = Number(identifiers[0].id);
    for (const m of measures) {
      await this.em.insert(ControlMeasure, { cityId: unit.cityId, riskPointId: id, description: m.description, ownerPostId: m.owner?.id ?? null, createdAt: this.at });
    }
    return this.em.findOneByOrFail(RiskPoint, { id });
  }
}

const FEEDBACK = ['"三重一大"集体决策记录不完整', '班子成员"一岗双责"落实不平衡, 分管领域廉政谈话不足', '基层"微腐败"问题整治进度滞后'];
const REQUIREMENTS = ['3个月内完善议事规则并报备', '逐一开展分管领域廉政谈话并建立台账', '建立问题清单, 逐项整改销号'];

/** Server time of a calendar day (09:00 in Beijing). */
const dayAt = (day: string): Date => new Date(`${day}T01:00:00Z`);

export async function seedAssessments(em: EntityManager, city: Staffed): Promise<void> {
  const s = new AssessmentSeeder(em);
  const day = today();
  const year = Number(day.slice(0, 4));
  const last = year - 1;
  /** A day relative to today, but never before 1 January of this year (last year's records are made this year). */
  const thisYearAt = (n: number): string => {
    const d = addDays(day, n);
    return d < `${year}-01-01` ? `${year}-01-01` : d;
  };

  // ---- Assessments of last year: each parent its children, ranked by their totals, the
  // spread varying from parent to parent so that every grade occurs.
  let parents = 0;
  const assess = async (parent: Staffed, depth: number): Promise<void> => {
    const recorder = holder(parent, PostRole.OFFICE) ?? holder(parent, PostRole.SECRETARY);
    const [top, step] = ([[95, 7], [90, 12], [86, 35], [92, 9], [88, 20]] as const)[parents++ % 5];
    for (const [i, child] of parent.children.entries()) {
      if (!recorder || child.unit.level === 'GRID') continue; // the grid stays unassessed
      const base = top - i * step;
      const bottom = i === parent.children.length - 1 && parent.children.length > 1;
      const custom = depth === 1 && parent.unit.name === city.children[0]?.unit.name;
      await s.assessment(child.unit, recorder.official, {
        year: last,
        ...(custom
          ? { items: [
            { name: '主体责任落实', weight: 60, score: base }, { name: '监督责任落实', weight: 15, score: base - 3 },
            { name: '作风建设', weight: 15, score: base + 1.5 }, { name: '基层"微腐败"整治', weight: 10, score: base - 6.25 },
          ] }
          : { scores: [base, base - 4.5, base + 2] }),
        // The city vetoes its last district (一票否决): a major case in its area.
        veto: depth === 0 && bottom ? '辖区发生重大腐败窝案, 实行党风廉政建设责任制"一票否决"' : undefined,
        feedback: FEEDBACK[(i + depth) % FEEDBACK.length],
        requirements: bottom || i === 0 ? REQUIREMENTS[(i + depth) % REQUIREMENTS.length] : undefined,
        followUp: bottom && depth > 0 ? { on: thisYearAt(-15), result: '已完成整改 2 项, 1 项正在推进, 督促限期完成' } : undefined,
      });
    }
    for (const child of parent.children) await assess(child, depth + 1);
  };
  await assess(city, 0);

  // ---- Written reports on last year (due 31 January this year) and the year before.
  const cityDiscipline = holder(city, PostRole.DISCIPLINE);
  const writeReports = async (unit: Staffed, path: number[]): Promise<void> => {
    const secretary = holder(unit, PostRole.SECRETARY);
    if (secretary && path.length > 0) {
      const name = unit.unit.name;
      // The year before last: all submitted, the second street of each district late.
      const lateOne = path.length === 2 && path[1] === 1;
      await s.written(unit.unit, secretary.post, last - 1, `${name} ${last - 1} 年度落实全面从严治党主体责任情况报告`,
        dayAt(lateOne ? `${last}-02-20` : `${last}-01-15`));
      // Last year: districts and streets on time, the first community of each street on time,
      // the second a draft (overdue after 31 January); the third district's communities not begun.
      const community = path.length === 3;
      const missing = community && path[0] === 2;
      const draft = community && path[2] === 1;
      if (!missing) {
        const submittedOn = thisYearAt(-300) < `${year}-01-25` ? thisYearAt(-300) : `${year}-01-25`;
        await s.written(unit.unit, secretary.post, last, `${name} ${last} 年度落实全面从严治党主体责任情况报告`, draft ? null : dayAt(submittedOn));
      }
    }
    for (const [i, child] of unit.children.entries()) await writeReports(child, [...path, i]);
  };
  await writeReports(city, []);

  // ---- Oral reports (述责述廉) of the districts' SECRETARYs to the city, with questions.
  for (const [i, district] of city.children.entries()) {
    const secretary = holder(district, PostRole.SECRETARY);
    if (!secretary || !cityDiscipline) continue;
    const upcoming = i === city.children.length - 1;
    const report = await s.oral(district.unit, secretary.post, last, upcoming ? addDays(day, 14) : thisYearAt(-20),
      `${district.unit.name}党委书记 ${last} 年度述责述廉: 履行第一责任人职责情况、存在问题及整改措施`);
    if (upcoming) continue;
    await s.question(report, cityDiscipline.official, '对考核反馈的"三重一大"决策问题, 整改进展如何?', '已修订议事规则, 建立决策纪实台账, 目前已全部整改到位。');
    await s.question(report, cityDiscipline.official, '班子成员廉政谈话覆盖率为何偏低?', i === 0 ? '已制定谈话计划, 本季度实现全覆盖。' : undefined);
  }

  // ---- Interviews (约谈): the city with the last-ranked district, districts with their streets.
  const citySecretary = holder(city, PostRole.SECRETARY);
  const lastDistrict = city.children.at(-1);
  if (citySecretary && lastDistrict && holder(lastDistrict, PostRole.SECRETARY)) {
    await s.interview(lastDistrict.unit, citySecretary.post, [holder(lastDistrict, PostRole.SECRETARY).official], {
      kind: InterviewKind.INDIVIDUAL, heldOn: thisYearAt(-10), reason: `${last} 年度主体责任考核排名靠后, 一票否决`,
      record: '指出存在的问题, 提出限期整改要求; 被约谈人表态认账领账、照单全收。',
    });
    if (cityDiscipline) {
      const team = lastDistrict.staff.filter((x) => x.role === PostRole.TEAM_MEMBER || x.role === PostRole.SECRETARY).map((x) => x.official);
      await s.interview(lastDistrict.unit, cityDiscipline.post, team, {
        kind: InterviewKind.COLLECTIVE, heldOn: thisYearAt(-9), reason: '辖区发生重大腐败窝案, 对党委班子集体约谈',
        record: '通报案件情况, 要求班子成员落实"一岗双责", 开展以案促改。',
      });
    }
  }
  for (const district of city.children) {
    const discipline = holder(district, PostRole.DISCIPLINE);
    const street = district.children[0];
    const member = street && holder(street, PostRole.TEAM_MEMBER);
    if (discipline && member) {
      await s.interview(street.unit, discipline.post, [member.official], {
        kind: InterviewKind.INDIVIDUAL, heldOn: thisYearAt(-30), reason: '分管领域群众反映问题较多, 开展提醒谈话',
        record: '听取情况说明, 要求加强分管领域廉政风险防控。',
      });
    }
    for (const st of district.children) {
      const streetDiscipline = holder(st, PostRole.DISCIPLINE);
      const secretaries = st.children.map((c) => holder(c, PostRole.SECRETARY)?.official).filter((o): o is Official => !!o);
      if (streetDiscipline && secretaries.length >= 2) {
        await s.interview(st.unit, streetDiscipline.post, secretaries, {
          kind: InterviewKind.COLLECTIVE, heldOn: thisYearAt(-45), reason: '社区集体"三资"管理专项检查发现问题',
          record: '逐一点评存在问题, 部署限期整改。',
        });
      }
    }
  }

  // ---- Risk points with control measures at every tier below the city.
  const riskPoints = async (unit: Staffed): Promise<void> => {
    const office = holder(unit, PostRole.OFFICE);
    const team = holder(unit, PostRole.TEAM_MEMBER);
    const secretary = holder(unit, PostRole.SECRETARY);
    if (unit.unit.level === 'DISTRICT' || unit.unit.level === 'STREET') {
      await s.riskPoint(unit.unit, {
        area: '工程建设项目招投标', level: RiskLevel.HIGH, domain: 'CONSTRUCTION_BIDDING',
        description: '围标串标、设置倾向性条款、领导干部插手干预',
      }, [
        { description: '招标文件集体审查, 纪检全程监督开标评标', owner: team?.post },
        { description: '领导干部插手干预工程项目记录报告制度', owner: office?.post },
      ]);
      await s.riskPoint(unit.unit, {
        area: '惠民资金发放', level: RiskLevel.MEDIUM, domain: 'FINANCE', description: '虚报冒领、优亲厚友、截留挪用',
      }, [{ description: '发放名单张榜公示, 资金直达个人账户', owner: office?.post }]);
    }
    if (unit.unit.level === 'COMMUNITY') {
      await s.riskPoint(unit.unit, {
        area: '集体"三资"管理', level: RiskLevel.LOW, description: '集体资产出租不公开、账目不清',
      }, [{ description: '"三资"交易进平台, 每季度公开账目', owner: secretary?.post }]);
    }
    for (const child of unit.children) await riskPoints(child);
  };
  await riskPoints(city);
}
