// Demo hearings (述责述廉 会议, seed 004): the first district's discipline commission plenary on
// last year, closed: its team members and the principals of its streets reported, were
// questioned by its DISCIPLINE and answered, and were evaluated (满意 / 基本满意 / 不满意). The
// second district's plenary is scheduled for next week with its reporters named.
// Direct inserts (no audit); dates relative to today.
import type { EntityManager } from 'typeorm';
import { addDays, today } from '../clock';
import { Hearing, Report, ReportQuestion } from '../entities';
import { HearingStatus, PostRole, ReportKind } from '../schema/enums';
import { holder, type Staffed } from './demo';

const QUESTIONS = [
  ['分管领域去年发现的问题整改到位了吗? 有无反弹?', '已全部整改销号, 建立了长效机制, 今年开展了两轮回头看。'],
  ['"一岗双责"如何落实到分管部门?', '每季度听取分管部门汇报, 对两个部门负责人开展了提醒谈话。'],
  ['对本单位的廉政风险点排查了哪些?', '排查出工程招投标、资金拨付等 6 个风险点, 均制定了防控措施。'],
];

export async function seedHearings(em: EntityManager, city: Staffed): Promise<void> {
  const day = today();
  const lastYear = Number(day.slice(0, 4)) - 1;
  const [d1, d2] = city.children.filter((c) => c.unit.level === 'DISTRICT');
  /** The district's team members and the principals (SECRETARY) of its units directly below. */
  const reportersOf = (d: Staffed) => [
    ...d.staff.filter((x) => x.role === PostRole.TEAM_MEMBER).map((x) => ({ ...x, unit: d.unit })),
    ...d.children.map((c) => ({ ...holder(c, PostRole.SECRETARY), unit: c.unit })).filter((x) => x.post),
  ];
  const hearing = async (d: Staffed, heldOn: string, status: HearingStatus, title: string) => {
    const office = holder(d, PostRole.OFFICE);
    const at = new Date(`${heldOn}T01:00:00Z`);
    const { identifiers } = await em.insert(Hearing, {
      cityId: d.unit.cityId, unitId: d.unit.id, year: lastYear, heldOn, title, status, createdByOfficialId: office.official.id,
      createdAt: new Date(at.getTime() - 20 * 86_400_000), heldAt: status === HearingStatus.SCHEDULED ? null : at,
      closedAt: status === HearingStatus.CLOSED ? new Date(at.getTime() + 86_400_000) : null,
    });
    return Number(identifiers[0].id);
  };

  // The first district: held and closed, every reporter questioned, answered and evaluated.
  const heldOn = addDays(day, -60);
  const closedId = await hearing(d1, heldOn, HearingStatus.CLOSED, `${d1.unit.name}纪委全会 ${lastYear} 年度述责述廉`);
  const discipline = holder(d1, PostRole.DISCIPLINE);
  for (const [i, r] of reportersOf(d1).entries()) {
    const at = new Date(`${heldOn}T03:00:00Z`);
    const { identifiers } = await em.insert(Report, {
      cityId: r.unit.cityId, unitId: r.unit.id, year: lastYear, kind: ReportKind.ORAL, reporterPostId: r.post.id,
      content: `${r.official.name}: ${lastYear} 年度履行全面从严治党主体责任和廉洁自律情况报告`, dueOn: null, submittedAt: null, heldOn,
      createdAt: new Date(at.getTime() - 15 * 86_400_000), hearingId: closedId,
      satisfiedVotes: 22 - i * 3, basicallySatisfiedVotes: 5 + i * 2, unsatisfiedVotes: i, evaluatedAt: at, evaluatedByOfficialId: discipline.official.id,
    });
    const [question, answer] = QUESTIONS[i % QUESTIONS.length];
    await em.insert(ReportQuestion, {
      cityId: r.unit.cityId, reportId: Number(identifiers[0].id), askedByOfficialId: discipline.official.id, question, answer, askedAt: at, answeredAt: at,
    });
  }

  // The second district: scheduled for next week, its reporters named.
  const nextWeek = addDays(day, 7);
  const scheduledId = await hearing(d2, nextWeek, HearingStatus.SCHEDULED, `${d2.unit.name}纪委全会 ${lastYear} 年度述责述廉`);
  for (const r of reportersOf(d2)) {
    await em.insert(Report, {
      cityId: r.unit.cityId, unitId: r.unit.id, year: lastYear, kind: ReportKind.ORAL, reporterPostId: r.post.id,
      content: `${lastYear} 年度述责述廉 (待报告)`, dueOn: null, submittedAt: null, heldOn: nextWeek, createdAt: new Date(), hearingId: scheduledId,
    });
  }
}
