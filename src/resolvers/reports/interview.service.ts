// Interviews (约谈): recorded by a SECRETARY or DISCIPLINE post of the unit or above (the
// interviewer), with the interviewees among the officials of the unit's subtree. Read
// by posts in scope of the unit and by the interviewees themselves. A record of what
// was said: no updates (a correction is a new interview record).
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { isUnder, RECORD_READERS, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import type { ViewerPost } from '../../auth/viewer';
import { isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import { Interview, InterviewParticipant, type Assessment, type Official, type OrgUnit } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { InterviewKind, PostRole } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { assessmentService } from '../assessments/assessment.service';
import { orgUnitService } from '../org/org-unit.service';
import type { InterviewFilter, RecordInterviewInput } from './reports.inputs';

const INTERVIEWERS = [PostRole.SECRETARY, PostRole.DISCIPLINE];

/** Is the official of the subtree: their home unit, or a unit where they hold a current post? */
async function ofSubtree(ctx: Context, official: Official, root: OrgUnit): Promise<boolean> {
  const posts = await ctx.loaders.currentPostsByOfficialId.load(official);
  const units = await ctx.loaders.unitById.loadMany([official.unitId, ...posts.map((p) => p.unitId)]);
  return units.some((u) => u && !(u instanceof Error) && u.cityId === root.cityId && isUnder(u.path, root.path));
}

/** An interview to write: its unit, interviewer and text, and each interviewee with the assessment that called them. */
export interface NewInterview {
  unit: OrgUnit;
  kind: InterviewKind;
  heldOn: string;
  interviewer: ViewerPost;
  reason: string;
  record: string;
  participants: { officialId: number; assessmentId: number | null }[];
}

export const interviewService = {
  /** Interviews of units in scope, and those the viewer was interviewed in. */
  visible(ctx: Context): SelectQueryBuilder<Interview> {
    const qb = ctx.db.getRepository(Interview).createQueryBuilder('i');
    const scoped = unitInScope(qb, 'i.unitId', scopeRoots(ctx.viewer, RECORD_READERS));
    return qb.andWhere(new Brackets((w) => w.where(scoped.sql, scoped.params)
      .orWhere('i.id IN (SELECT ip.interviewId FROM interview_participant ip WHERE ip.officialId = :viewerOfficialId)', {
        viewerOfficialId: ctx.viewer?.officialId ?? 0,
      })));
  },

  byId(ctx: Context, id: number): Promise<Interview | null> {
    return this.visible(ctx).andWhere('i.id = :id', { id }).getOne();
  },

  async list(ctx: Context, filter: InterviewFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.unitId) whereUnitFilter(qb, 'i', await orgUnitService.get(ctx, filter.unitId), filter.subtree ?? true);
    if (filter?.kind) qb.andWhere('i.kind = :kind', { kind: filter.kind });
    if (filter?.year) qb.andWhere('i.heldOn >= :heldFrom AND i.heldOn < :heldBefore', { heldFrom: `${filter.year}-01-01`, heldBefore: `${filter.year + 1}-01-01` });
    if (filter?.assessmentId) {
      qb.andWhere('i.id IN (SELECT fa.interviewId FROM interview_participant fa WHERE fa.assessmentId = :causeId)', {
        causeId: decodeId(filter.assessmentId, 'Assessment')?.id ?? 0,
      });
    }
    if (filter?.officialId) {
      qb.andWhere('i.id IN (SELECT fp.interviewId FROM interview_participant fp WHERE fp.officialId = :participantId)', {
        participantId: decodeId(filter.officialId, 'Official')?.id ?? 0,
      });
    }
    return paginate(qb, page, [{ column: 'i.heldOn', value: (i) => i.heldOn, descending: true }, { column: 'i.id', value: (i) => i.id, descending: true }]);
  },

  /** The interviewer post: one of the viewer's SECRETARY or DISCIPLINE posts at the unit or above (named when several). */
  interviewerFor(ctx: Context, unit: OrgUnit, interviewerPostId: string | undefined | null): ViewerPost {
    const mine = (ctx.viewer?.posts ?? []).filter((p) => INTERVIEWERS.includes(p.role) && p.cityId === unit.cityId && isUnder(unit.path, p.unitPath));
    if (!mine.length) throw forbidden(`Only a SECRETARY or DISCIPLINE post of ${unit.name} or above records its interviews`);
    if (interviewerPostId != null) {
      const ref = decodeId(interviewerPostId, 'Post');
      const chosen = mine.find((p) => p.id === ref?.id);
      if (!chosen) throw badInput(`interviewerPostId must be one of your current SECRETARY or DISCIPLINE posts at ${unit.name} or above`, 'interviewerPostId');
      return chosen;
    }
    if (mine.length > 1) throw badInput('You hold several posts that may interview here: name the interviewer post', 'interviewerPostId');
    return mine[0];
  },

  /** An interview is recorded once held: a calendar day, today or earlier. */
  checkHeldOn(heldOn: string): void {
    if (!isCalendarDay(heldOn)) throw badInput('heldOn is not a calendar day', 'heldOn');
    if (heldOn > today()) throw badInput('An interview is recorded once it has been held', 'heldOn');
  },

  /**
   * The assessment that caused an interview at `unit`: visible to the viewer, of the unit or
   * a unit below it (a parent interviews its child's principal, a unit its own team).
   */
  async causeAt(ctx: Context, globalId: string, unit: OrgUnit): Promise<Assessment> {
    const assessment = await assessmentService.require(ctx, globalId, 'assessmentId');
    const assessed = (await ctx.loaders.unitById.load(assessment.unitId))!;
    if (assessed.cityId !== unit.cityId || !isUnder(assessed.path, unit.path)) {
      throw badInput(`The assessment of ${assessed.name} did not assess ${unit.name} or a unit below it`, 'assessmentId');
    }
    return assessment;
  },

  /** Writes the interview, its interviewees and the audit entry, inside the caller's transaction. */
  async insert(em: EntityManager, ctx: Context, operation: string, n: NewInterview): Promise<Interview> {
    const { identifiers } = await em.insert(Interview, {
      cityId: n.unit.cityId, unitId: n.unit.id, kind: n.kind, heldOn: n.heldOn, interviewerPostId: n.interviewer.id,
      reason: n.reason.trim(), record: n.record.trim(), createdAt: now(),
    });
    const id = Number(identifiers[0].id);
    await em.insert(InterviewParticipant, n.participants.map((p) => ({ interviewId: id, officialId: p.officialId, assessmentId: p.assessmentId })));
    const causes = [...new Set(n.participants.map((p) => p.assessmentId).filter((a) => a !== null))];
    await recordAudit(em, ctx, {
      operation, recordType: 'Interview', recordId: id, unit: n.unit,
      after: {
        kind: n.kind, heldOn: n.heldOn, interviewerPostId: n.interviewer.id, participants: n.participants.map((p) => p.officialId),
        ...(causes.length ? { assessments: causes } : {}),
      },
    });
    return em.findOneByOrFail(Interview, { id });
  },

  async record(ctx: Context, input: RecordInterviewInput): Promise<Interview> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    const interviewer = this.interviewerFor(ctx, unit, input.interviewerPostId);
    this.checkHeldOn(input.heldOn);
    const cause = input.assessmentId ? await this.causeAt(ctx, input.assessmentId, unit) : null;

    const ids = input.participantIds.map((id) => decodeId(id, 'Official')?.id ?? 0);
    if (new Set(ids).size !== ids.length) throw badInput('An interviewee is named twice', 'participantIds');
    if (input.kind === InterviewKind.INDIVIDUAL && ids.length !== 1) throw badInput('An individual interview has one interviewee', 'participantIds');
    if (input.kind === InterviewKind.COLLECTIVE && ids.length < 2) throw badInput('A collective interview has two or more interviewees', 'participantIds');
    const found = await ctx.loaders.officialById.loadMany(ids);
    const officials = found.filter((o): o is Official => !!o && !(o instanceof Error));
    if (officials.length !== ids.length) throw new AppError('NOT_FOUND', 'participantIds: no such official', { field: 'participantIds' });
    if (ids.includes(ctx.viewer!.officialId)) throw badInput('The interviewer is not among the interviewees', 'participantIds');
    // All at once, so the loaders batch the posts and units of every interviewee.
    const inSubtree = await Promise.all(officials.map((o) => ofSubtree(ctx, o, unit)));
    const outside = officials.find((_, i) => !inSubtree[i]);
    if (outside) throw badInput(`${outside.name} is not an official of ${unit.name} or below`, 'participantIds');

    return ctx.db.transaction((em) => this.insert(em, ctx, 'recordInterview', {
      unit, kind: input.kind, heldOn: input.heldOn, interviewer, reason: input.reason, record: input.record,
      participants: ids.map((officialId) => ({ officialId, assessmentId: cause?.id ?? null })),
    }));
  },
};
