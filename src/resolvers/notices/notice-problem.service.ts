// A notice's problems as records (告知书所列问题, seed 000: Wanzhou's agriculture notice listed
// 14 problems in 4 categories). They are Problem rows of the issuing unit with the notice's
// domain, source and case, written with the draft and replaced while it is a DRAFT; the
// recipient's written report answers each one. A notice's problems are read as the notice
// (problemService.visible): a draft's problems are the issuing unit's internal paper too.
// The free-text Notice.problems stays as the summary (derived from the records when omitted).
import type { EntityManager } from 'typeorm';
import { now } from '../../clock';
import type { Context } from '../../context';
import { Notice, Problem } from '../../entities';
import { badInput } from '../../errors';
import { decodeId } from '../../schema/node';
import type { NoticeFilter, NoticeProblemAnswerInput, NoticeProblemInput } from './notice.inputs';
import { noticeService } from './notice.service';

/** What a notice's problems copy from the notice. */
type NoticeFacts = Pick<Notice, 'id' | 'cityId' | 'unitId' | 'domainId' | 'source' | 'caseId'>;

export interface ProblemCount { notices: number; problems: number; answered: number }
export interface CategoryCount extends ProblemCount { category: string }
export interface DomainCount extends ProblemCount { domainId: number }
export interface NoticeProblemStats extends ProblemCount { byCategory: CategoryCount[]; byDomain: DomainCount[] }

type Raw = Record<string, string | number | null>;
const counts = (r: Raw | undefined): ProblemCount => ({ notices: Number(r?.notices ?? 0), problems: Number(r?.problems ?? 0), answered: Number(r?.answered ?? 0) });

export const noticeProblemService = {
  /**
   * The summary text of a notice: the given text, else one line per problem ("1. 〔类别〕描述");
   * a notice needs one or the other.
   */
  summary(text: string | null | undefined, records: readonly NoticeProblemInput[], field = 'problems'): string {
    const given = text?.trim();
    if (given) return given;
    if (!records.length) throw badInput('Give the problems: the summary text, the problem records, or both', field);
    return records.map((r, i) => `${i + 1}. 〔${r.category.trim()}〕${r.description.trim()}`).join('\n');
  },

  /** Writes a notice's problem records, in the order given (one multi-row INSERT). */
  async insert(em: EntityManager, ctx: Context, notice: NoticeFacts, records: readonly NoticeProblemInput[]): Promise<void> {
    if (!records.length) return;
    const at = now();
    await em.insert(Problem, records.map((r) => ({
      cityId: notice.cityId, unitId: notice.unitId, domainId: notice.domainId, source: notice.source, severity: r.severity,
      description: r.description.trim(), category: r.category.trim(), inspectionId: null, noticeId: notice.id, caseId: notice.caseId,
      answer: null, answeredAt: null, createdByOfficialId: ctx.viewer!.officialId, createdAt: at,
      // Written while the notice is a draft: found (and counted by the portrait) from its issue on.
      foundOn: null,
    })));
  },

  /**
   * A DRAFT's problems replaced by a new list (drafts' problems have no rectification items:
   * addRectificationItem waits for the notice's issue). Returns how many there were.
   */
  async replace(em: EntityManager, ctx: Context, notice: NoticeFacts, records: readonly NoticeProblemInput[]): Promise<number> {
    const { affected } = await em.delete(Problem, { cityId: notice.cityId, noticeId: notice.id });
    await this.insert(em, ctx, notice, records);
    return affected ?? 0;
  },

  /** A DRAFT's domain, source or case changed: its problems follow the notice. */
  async follow(em: EntityManager, notice: NoticeFacts): Promise<void> {
    await em.update(Problem, { cityId: notice.cityId, noticeId: notice.id }, { domainId: notice.domainId, source: notice.source, caseId: notice.caseId });
  },

  /**
   * The answers of a written report, checked before anything is written: every problem of the
   * notice answered exactly once, nothing else (BAD_USER_INPUT naming `answers`).
   */
  async checkAnswers(ctx: Context, notice: Notice, answers: readonly NoticeProblemAnswerInput[]): Promise<Map<number, string>> {
    const problems = await ctx.loaders.problemsByNoticeId.load(notice);
    const own = new Set(problems.map((p) => p.id));
    const byId = new Map<number, string>();
    for (const [i, a] of answers.entries()) {
      const id = decodeId(a.problemId, 'Problem')?.id;
      if (id === undefined || !own.has(id)) throw badInput(`answers[${i}].problemId is not a problem of this notice`, 'answers');
      if (byId.has(id)) throw badInput(`answers[${i}] answers a problem a second time`, 'answers');
      byId.set(id, a.answer.trim());
    }
    const missing = problems.filter((p) => !byId.has(p.id)).length;
    if (missing) throw badInput(`The report must answer each of the notice's ${problems.length} problems; ${missing} without an answer`, 'answers');
    return byId;
  },

  /** Writes the answers in the report's transaction: one UPDATE for all of them (a later report replaces them). */
  async writeAnswers(em: EntityManager, noticeId: number, answers: ReadonlyMap<number, string>, at: Date): Promise<void> {
    if (!answers.size) return;
    const params: Record<string, unknown> = { noticeId, answeredAt: at };
    const cases = [...answers].map(([id, answer], i) => {
      Object.assign(params, { [`aid${i}`]: id, [`ans${i}`]: answer });
      return `WHEN :aid${i} THEN :ans${i}`;
    });
    // The notice is locked by the step, and its problems change only while it is a DRAFT.
    await em.createQueryBuilder().update(Problem)
      .set({ answer: () => `CASE id ${cases.join(' ')} END`, answeredAt: at })
      .where('noticeId = :noticeId AND id IN (:...answeredIds)', { answeredIds: [...answers.keys()] })
      .setParameters(params).execute();
  },

  /**
   * Counts of the problems of the notices the viewer reads that match the filter (every
   * filter applies): in total, by category and by domain (a notice has one domain, so a
   * domain's notices add up to the total). Two grouped statements.
   */
  async stats(ctx: Context, filter: NoticeFilter | undefined): Promise<NoticeProblemStats> {
    // A notice's problems are written in its city (insert above): the join keeps to the shard.
    const base = (await noticeService.filtered(ctx, filter)).innerJoin(Problem, 'np', 'np.cityId = n.cityId AND np.noticeId = n.id')
      .select('COUNT(DISTINCT n.id)', 'notices').addSelect('COUNT(np.id)', 'problems').addSelect('COUNT(np.answeredAt)', 'answered');
    const [categories, domains] = await Promise.all([
      base.clone().addSelect('np.category', 'category').groupBy('np.category').orderBy('np.category').getRawMany<Raw>(),
      base.clone().addSelect('n.domainId', 'domainId').groupBy('n.domainId').orderBy('n.domainId').getRawMany<Raw>(),
    ]);
    const byDomain = domains.map((r) => ({ domainId: Number(r.domainId), ...counts(r) }));
    const total = byDomain.reduce((sum, d) => ({
      notices: sum.notices + d.notices, problems: sum.problems + d.problems, answered: sum.answered + d.answered,
    }), counts(undefined));
    return {
      ...total,
      // Problems recorded outside a category (none through the API) count under ''.
      byCategory: categories.map((r) => ({ category: String(r.category ?? ''), ...counts(r) })),
      byDomain,
    };
  },
};
