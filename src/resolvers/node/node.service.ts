// node(id) and nodes(ids): one lookup per type, each through the same scoped path as
// its own query. nodes reads the records of a scoped type in one statement per type
// (its service's visible() with the ids), so a batch costs statements by its types, not its ids.
import type { EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { seesAccountOf, seesTaskInternals } from '../../auth/rules';
import type { Context } from '../../context';
import {
  Account, Domain, Evidence, Milestone, Post, ProgressUpdate, ResponsibilityItem, TaskClosure, TaskRating,
} from '../../entities';
import { decodeId } from '../../schema/node';
import { badInput } from '../../errors';
import { assessmentService } from '../assessments/assessment.service';
import { interviewService } from '../reports/interview.service';
import { reportService } from '../reports/report.service';
import { riskPointService } from '../reports/risk-point.service';
import { accountabilityService } from '../accountability/accountability.service';
import { appealService } from '../appeals/appeal.service';
import { importService } from '../imports/import.service';
import { hearingService } from '../hearings/hearing.service';
import { caseService } from '../cases/case.service';
import { leadService } from '../cases/lead.service';
import { auditService } from '../audit/audit.service';
import { inspectionService } from '../inspections/inspection.service';
import { problemService } from '../inspections/problem.service';
import { letterService } from '../responsibility/letter.service';
import { noticeService } from '../notices/notice.service';
import { listService } from '../responsibility/list.service';
import { taskService } from '../tasks/task.service';
import { urgingService } from '../urgings/urging.service';
import { fileService, readRecordsWith } from '../../files';
import { notificationService } from '../notifications/notification.service';
import type { Node } from '../../schema/node';

/** A record of a task, visible when its task is (and, for internals, when the task's unit is in scope). */
async function ofTask<T extends { taskId: number }>(
  ctx: Context, target: EntityTarget<T>, id: number, internal: boolean,
): Promise<T | null> {
  const row = await ctx.db.getRepository(target).findOneBy({ id } as never);
  const task = row && (await taskService.byId(ctx, row.taskId));
  if (!row || !task) return null;
  return !internal || (await seesTaskInternals(ctx, task)) ? row : null;
}

/** Types whose node(id) is exactly "visible(ctx), with this id": read together by nodes(ids). */
const SCOPED: Record<string, { readonly visible: (ctx: Context) => SelectQueryBuilder<ObjectLiteral> | Promise<SelectQueryBuilder<ObjectLiteral>>; readonly alias: string }> = {
  Task: { visible: (ctx) => taskService.visible(ctx), alias: 't' },
  ResponsibilityList: { visible: (ctx) => listService.visible(ctx), alias: 'l' },
  Notice: { visible: (ctx) => noticeService.visible(ctx), alias: 'n' },
  Problem: { visible: (ctx) => problemService.visible(ctx), alias: 'p' },
  Lead: { visible: (ctx) => leadService.visible(ctx), alias: 'l' },
  DisciplinaryCase: { visible: (ctx) => caseService.visible(ctx), alias: 'c' },
  AccountabilityRecord: { visible: (ctx) => accountabilityService.visible(ctx), alias: 'r' },
  Appeal: { visible: (ctx) => appealService.visible(ctx), alias: 'a' },
  // ADMIN of the batch's city.
  ImportBatch: { visible: (ctx) => importService.visible(ctx), alias: 'b' },
  Assessment: { visible: (ctx) => assessmentService.visible(ctx), alias: 'a' },
  Report: { visible: (ctx) => reportService.visible(ctx), alias: 'r' },
  Hearing: { visible: (ctx) => hearingService.visible(ctx), alias: 'h' },
  Interview: { visible: (ctx) => interviewService.visible(ctx), alias: 'i' },
  RiskPoint: { visible: (ctx) => riskPointService.visible(ctx), alias: 'rp' },
  // The urging side, the urged post and the posts in scope of the urged record's unit.
  Urging: { visible: (ctx) => urgingService.visible(ctx), alias: 'g' },
  // A notification is its recipient's alone.
  Notification: { visible: (ctx) => notificationService.visible(ctx), alias: 'nt' },
};

/** The most ids one nodes() call takes. */
export const MAX_NODES = 100;

export const nodeService = {
  /** Records by global id, in order; null for what is absent, out of scope or not an id. */
  async many(ctx: Context, globalIds: readonly string[]): Promise<(Node | null)[]> {
    if (globalIds.length > MAX_NODES) throw badInput(`Ask for at most ${MAX_NODES} ids at once`, 'ids');
    const refs = globalIds.map((id) => decodeId(id));
    const idsOf = new Map<string, Set<number>>();
    for (const ref of refs) if (ref && SCOPED[ref.type]) idsOf.set(ref.type, (idsOf.get(ref.type) ?? new Set()).add(ref.id));
    const found = new Map<string, Node>();
    await Promise.all([...idsOf].map(async ([type, ids]) => {
      const { visible, alias } = SCOPED[type];
      const rows = await (await visible(ctx)).andWhere(`${alias}.id IN (:...nodeIds)`, { nodeIds: [...ids] }).getMany();
      for (const row of rows) found.set(`${type}:${row.id}`, row as Node);
    }));
    return Promise.all(refs.map((ref, i) => {
      if (!ref) return null;
      return SCOPED[ref.type] ? found.get(`${ref.type}:${ref.id}`) ?? null : this.get(ctx, globalIds[i]);
    }));
  },

  async get(ctx: Context, globalId: string): Promise<Node | null> {
    const ref = decodeId(globalId);
    if (!ref) return null;
    switch (ref.type) {
      case 'OrgUnit':
        return ctx.loaders.unitById.load(ref.id);
      case 'Official':
        return ctx.loaders.officialById.load(ref.id);
      case 'Domain':
        return ctx.loaders.domainById.load(ref.id);
      case 'Post':
        return ctx.db.getRepository(Post).findOneBy({ id: ref.id });
      case 'AuditEntry':
        return auditService.get(ctx, ref.id);
      case 'SensitiveRead':
        return auditService.getSensitiveRead(ctx, ref.id);
      case 'ResponsibilityList':
        return listService.byId(ctx, ref.id);
      case 'ResponsibilityItem': {
        const item = await ctx.db.getRepository(ResponsibilityItem).findOneBy({ id: ref.id });
        return item && (await listService.byId(ctx, item.listId)) ? item : null;
      }
      case 'ResponsibilityLetter':
        return letterService.get(ctx, globalId);
      case 'Task':
        return taskService.byId(ctx, ref.id);
      case 'Milestone':
        return ofTask(ctx, Milestone, ref.id, false);
      case 'ProgressUpdate':
        return ofTask(ctx, ProgressUpdate, ref.id, false);
      case 'TaskRating':
        return ofTask(ctx, TaskRating, ref.id, true);
      case 'TaskClosure':
        return ofTask(ctx, TaskClosure, ref.id, true);
      case 'Evidence':
        return ofTask(ctx, Evidence, ref.id, true);
      // --- notices (node cases) ---
      case 'Notice':
        return noticeService.byId(ctx, ref.id);
      case 'NoticeEvent':
        return noticeService.eventById(ctx, ref.id);
      case 'NoticeCategory':
        return ctx.loaders.noticeCategoryById.load(ref.id);
      // --- inspections and problems (node cases) ---
      case 'Inspection':
        return inspectionService.byId(ctx, ref.id);
      case 'InspectionGroup':
        return inspectionService.groupById(ctx, ref.id);
      case 'InspectionMember':
        return inspectionService.memberById(ctx, ref.id);
      case 'InspectionTarget':
        return inspectionService.targetById(ctx, ref.id);
      case 'InspectionSuggestion':
        return inspectionService.suggestionById(ctx, ref.id);
      case 'Problem':
        return problemService.byId(ctx, ref.id);
      case 'RectificationItem':
        return problemService.itemById(ctx, ref.id);
      // --- leads, cases and accountability (node cases) ---
      case 'Lead':
        return leadService.byId(ctx, ref.id);
      case 'DisciplinaryCase':
        return caseService.byId(ctx, ref.id);
      case 'AccountabilityRecord':
        return accountabilityService.byId(ctx, ref.id);
      case 'AccountabilityRevocation': {
        const revocation = await ctx.loaders.revocationById.load(ref.id);
        return revocation && (await accountabilityService.byId(ctx, revocation.recordId)) ? revocation : null;
      }
      case 'RestrictionRule':
        return ctx.loaders.restrictionRuleById.load(ref.id);
      case 'Appeal':
        return appealService.byId(ctx, ref.id);
      case 'ImportBatch':
        return importService.byId(ctx, ref.id);
      // --- assessments, reports, interviews, risk points (node cases) ---
      case 'Assessment':
        return assessmentService.byId(ctx, ref.id);
      case 'AssessmentItem':
        return assessmentService.itemById(ctx, ref.id);
      case 'Report':
        return reportService.byId(ctx, ref.id);
      case 'Hearing':
        return hearingService.byId(ctx, ref.id);
      case 'ReportQuestion':
        return reportService.questionById(ctx, ref.id);
      case 'Interview':
        return interviewService.byId(ctx, ref.id);
      case 'RiskPoint':
        return riskPointService.byId(ctx, ref.id);
      case 'ControlMeasure':
        return riskPointService.measureById(ctx, ref.id);
      case 'StoredFile':
        return fileService.readable(ctx, ref.id);
      case 'Urging':
        return urgingService.byId(ctx, ref.id);
      case 'Notification':
        return notificationService.byId(ctx, ref.id);
      case 'Account': {
        const account = await ctx.db.getRepository(Account).findOneBy({ id: ref.id });
        const official = account && (await ctx.loaders.officialById.load(account.officialId));
        return account && official && (await seesAccountOf(ctx, official)) ? account : null;
      }
    }
  },

  domains(ctx: Context): Promise<Domain[]> {
    return ctx.db.getRepository(Domain).find({ order: { code: 'ASC' } });
  },
};

// Files attached to records are read by the records' rules: this service answers for them.
readRecordsWith(async (ctx, globalId) => (await nodeService.get(ctx, globalId)) !== null);
