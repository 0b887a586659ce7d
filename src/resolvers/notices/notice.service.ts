// Notices (告知书, seed 000): the DISCIPLINE post of a unit drafts a written notice to
// the leader in charge of a domain, the unit's SECRETARY approves it (or sends it back),
// its OFFICE issues it, the recipient reports on the rectification in writing within
// three calendar months, and the OFFICE closes it (or reopens it). Every step is one
// compare-and-set on the notice's version, an append-only NoticeEvent and an audit
// entry in one transaction; subscribers hear of it after the commit.
import { Brackets, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { holdsPostAt, inScope, isUnder, scopeRoots, unitInScope, whereUnitFilter } from '../../auth/scope';
import { NOTICE_ACTORS, type NoticeActor } from '../../auth/steps';
import { dueWindow, inPeriod, now, today } from '../../clock';
import { config } from '../../config';
import type { Context } from '../../context';
import { lockById } from '../../data-source';
import { DisciplinaryCase, Notice, NoticeCategory, NoticeCc, NoticeEvent, OrgUnit, Post, Problem } from '../../entities';
import { AppError, badInput, forbidden } from '../../errors';
import { events } from '../../events';
import { NoticeState, PostRole, SupervisionSource } from '../../schema/enums';
import { decodeId, type NodeType } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit } from '../audit/audit.service';
import { orgUnitService } from '../org/org-unit.service';
import { chainService } from '../responsibility/chain.service';
import { noticeDueOn } from './due-date';
import type { DraftNoticeInput, DraftNoticesFromCaseInput, NoticeFilter, NoticeProblemAnswerInput, NoticeProblemInput, UpdateNoticeInput } from './notice.inputs';
import { noticeProblemService } from './notice-problem.service';
import { requireDomain } from '../node/references';

/** From ISSUED on, a notice reaches beyond the issuing unit's committee office. */
const ISSUED_STATES = [NoticeState.ISSUED, NoticeState.REPORTED, NoticeState.CLOSED];
/** The issuing unit's posts that handle its notices in every state. */
const HANDLERS = [PostRole.SECRETARY, PostRole.DISCIPLINE, PostRole.OFFICE];
/** 分管领导 or the principal: who a notice may be addressed to. */
const RECIPIENT_ROLES = [PostRole.TEAM_MEMBER, PostRole.SECRETARY];

const NEWEST = [{ column: 'n.id', value: (n: Notice) => n.id, descending: true }];


const snapshot = (n: Notice) => ({
  state: n.state, title: n.title, categoryId: n.categoryId, domainId: n.domainId, recipientPostId: n.recipientPostId,
  source: n.source, caseId: n.caseId, dueOn: n.dueOn, version: n.version,
});

/** Overdue (domain.md section 5): issued, past the due day and not reported. */
export const isNoticeOverdue = (n: Notice, day: string = today()): boolean =>
  n.state === NoticeState.ISSUED && n.dueOn !== null && n.dueOn < day;

/** The instant a calendar day begins in the configured zone (for year boundaries). */
function startOfDay(day: string): Date {
  const utc = new Date(`${day}T00:00:00Z`);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: config.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(utc).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return new Date(utc.getTime() - (wall - utc.getTime()));
}

const idOf = (globalId: string | undefined | null, type: NodeType): number | undefined =>
  globalId === undefined || globalId === null ? undefined : decodeId(globalId, type)?.id ?? 0; // the wrong type matches nothing

// ---------------------------------------------------------------- checks of what a draft names

async function requireCategory(ctx: Context, globalId: string): Promise<NoticeCategory> {
  const ref = decodeId(globalId, 'NoticeCategory');
  const category = ref && (await ctx.loaders.noticeCategoryById.load(ref.id));
  if (!category) throw new AppError('NOT_FOUND', 'categoryId: no such notice category', { field: 'categoryId' });
  return category;
}

/** The recipient: a current TEAM_MEMBER or SECRETARY post of the issuing unit or of a unit below it. */
async function requireRecipient(ctx: Context, globalId: string, unit: OrgUnit, field: string, label = field): Promise<Post> {
  const ref = decodeId(globalId, 'Post');
  const post = ref && (await ctx.loaders.postById.load(ref.id));
  if (!post) throw new AppError('NOT_FOUND', `${label}: no such post`, { field });
  const at = await ctx.loaders.unitById.load(post.unitId);
  if (!RECIPIENT_ROLES.includes(post.role) || !inPeriod(post) || !at || at.cityId !== unit.cityId || !isUnder(at.path, unit.path)) {
    throw badInput(`${label} must be a current TEAM_MEMBER or SECRETARY post of ${unit.name} or of a unit below it`, field);
  }
  return post;
}

/** The cc list: current posts of any unit of the issuing unit's city, each once, never the recipient. */
async function requireCc(ctx: Context, globalIds: readonly string[], unit: OrgUnit, recipients: readonly Post[]): Promise<Post[]> {
  const ids = [...new Set(globalIds)];
  const day = today();
  // One batch for the whole list.
  const loaded = await ctx.loaders.postById.loadMany(ids.map((globalId) => decodeId(globalId, 'Post')?.id ?? 0));
  const posts: Post[] = [];
  for (const [i, post] of loaded.entries()) {
    if (!(post instanceof Post)) throw new AppError('NOT_FOUND', `ccPostIds[${i}]: no such post`, { field: 'ccPostIds' });
    if (post.cityId !== unit.cityId || !inPeriod(post, day)) throw badInput(`ccPostIds[${i}] must be a current post of a unit of the same city`, 'ccPostIds');
    if (recipients.some((r) => r.id === post.id)) throw badInput(`ccPostIds[${i}] is a recipient; a recipient is not copied`, 'ccPostIds');
    posts.push(post);
  }
  return posts;
}

/** A case the viewer's DISCIPLINE posts see (its unit in their scope); absent otherwise. */
async function requireCase(ctx: Context, globalId: string): Promise<{ found: DisciplinaryCase; unit: OrgUnit }> {
  const ref = decodeId(globalId, 'DisciplinaryCase');
  const found = ref && (await ctx.loaders.caseById.load(ref.id));
  const unit = found && (await ctx.loaders.unitById.load(found.unitId));
  if (!found || !unit || !inScope(ctx.viewer, unit.path, [PostRole.DISCIPLINE])) {
    throw new AppError('NOT_FOUND', 'caseId: no such case', { field: 'caseId' });
  }
  return { found, unit };
}

function assertDrafter(ctx: Context, unit: OrgUnit): void {
  if (!holdsPostAt(ctx.viewer, unit.id, [PostRole.DISCIPLINE])) throw forbidden(`Only the DISCIPLINE post of ${unit.name} drafts its notices`);
}

interface Draft {
  categoryId: number;
  domainId: number;
  title: string;
  problems: string;
  measures: string;
  source: SupervisionSource;
  caseId: number | null;
}

/** One new DRAFT with its cc list, its problem records, its first event and an audit entry. */
async function insertDraft(
  em: EntityManager, ctx: Context, unit: OrgUnit, draft: Draft, recipient: Post, cc: readonly Post[], operation: string,
  records: readonly NoticeProblemInput[],
): Promise<number> {
  const at = now();
  const { identifiers } = await em.insert(Notice, {
    cityId: unit.cityId, unitId: unit.id, ...draft, recipientPostId: recipient.id, state: NoticeState.DRAFT,
    draftedByOfficialId: ctx.viewer!.officialId, approvedByOfficialId: null, approvedAt: null, issuedAt: null, dueOn: null,
    reportedAt: null, report: null, closedAt: null, version: 1, createdAt: at, updatedAt: at,
  });
  const id = Number(identifiers[0].id);
  if (cc.length) await em.insert(NoticeCc, cc.map((p) => ({ noticeId: id, postId: p.id })));
  await noticeProblemService.insert(em, ctx, { id, cityId: unit.cityId, unitId: unit.id, ...draft }, records);
  await em.insert(NoticeEvent, {
    cityId: unit.cityId, noticeId: id, fromState: null, toState: NoticeState.DRAFT, actorOfficialId: ctx.viewer!.officialId, at, comment: null,
  });
  await recordAudit(em, ctx, {
    operation, recordType: 'Notice', recordId: id, unit,
    after: { ...draft, recipientPostId: recipient.id, state: NoticeState.DRAFT, cc: cc.map((p) => p.id), problemRecords: records.length },
  });
  return id;
}

/** The change of a notice, only if nobody changed it since it was read (version). */
async function compareAndSet(em: EntityManager, notice: Notice, changes: QueryDeepPartialEntity<Notice>): Promise<void> {
  const res = await em.createQueryBuilder().update(Notice).set({ ...changes, version: notice.version + 1 })
    .where('id = :id AND version = :version', { id: notice.id, version: notice.version }).execute();
  if (!res.affected) throw new AppError('CONFLICT', 'This notice changed meanwhile; read it again');
}

const lockNotice = async (em: EntityManager, id: number): Promise<Notice> => (await lockById(em, Notice, id))!;

// ---------------------------------------------------------------- the steps of section 5

type Actor = NoticeActor;

interface Step {
  readonly operation: string;
  readonly from: NoticeState;
  readonly to: NoticeState;
  readonly actor: Actor;
  /** For messages: "only a PENDING_APPROVAL notice can be approved". */
  readonly verb: string;
  /** Columns the step sets besides the state. */
  readonly set?: (ctx: Context, at: Date, text: string | null) => QueryDeepPartialEntity<Notice>;
  /** Where the step's text goes: the event's comment (default) or the notice's report. */
  readonly textIsReport?: boolean;
}

/** The steps, each with its actor (auth/steps.ts NOTICE_ACTORS) and the state it starts from: the work items read them too. */
export const STEPS = {
  submit: { operation: 'submitNotice', from: NoticeState.DRAFT, to: NoticeState.PENDING_APPROVAL, actor: PostRole.DISCIPLINE, verb: 'submitted for approval' },
  approve: {
    operation: 'approveNotice', from: NoticeState.PENDING_APPROVAL, to: NoticeState.APPROVED, actor: PostRole.SECRETARY, verb: 'approved',
    set: (ctx, at) => ({ approvedByOfficialId: ctx.viewer!.officialId, approvedAt: at }),
  },
  sendBack: { operation: 'returnNotice', from: NoticeState.PENDING_APPROVAL, to: NoticeState.DRAFT, actor: PostRole.SECRETARY, verb: 'sent back' },
  // Due three calendar months after the day of issue, in the configured zone.
  issue: {
    operation: 'issueNotice', from: NoticeState.APPROVED, to: NoticeState.ISSUED, actor: PostRole.OFFICE, verb: 'issued',
    set: (_ctx, at) => ({ issuedAt: at, dueOn: noticeDueOn(today(at)) }),
  },
  // The latest written report; after a reopening the next report replaces it.
  report: {
    operation: 'reportNotice', from: NoticeState.ISSUED, to: NoticeState.REPORTED, actor: 'RECIPIENT', verb: 'reported on', textIsReport: true,
    set: (_ctx, at, text) => ({ reportedAt: at, report: text }),
  },
  close: {
    operation: 'closeNotice', from: NoticeState.REPORTED, to: NoticeState.CLOSED, actor: PostRole.OFFICE, verb: 'closed',
    set: (_ctx, at) => ({ closedAt: at }),
  },
  // Back to ISSUED with the same due day: a late rework shows as overdue.
  reopen: { operation: 'reopenNotice', from: NoticeState.REPORTED, to: NoticeState.ISSUED, actor: PostRole.OFFICE, verb: 'reopened' },
} satisfies Record<string, Step>;

export type NoticeStep = keyof typeof STEPS;

function assertActor(ctx: Context, notice: Notice, unit: OrgUnit, actor: Actor): void {
  if (NOTICE_ACTORS[actor].allows(ctx.viewer, notice)) return;
  if (actor === 'RECIPIENT') throw forbidden('Only the recipient of this notice reports on it');
  throw forbidden({
    [PostRole.DISCIPLINE]: `Only the DISCIPLINE post of ${unit.name} edits and submits its notices`,
    [PostRole.SECRETARY]: `Only the SECRETARY of ${unit.name} approves or sends back its notices`,
    [PostRole.OFFICE]: `Only the OFFICE of ${unit.name} issues, closes and reopens its notices`,
  }[actor]);
}

const wrongState = (state: NoticeState, step: Step): AppError =>
  new AppError('CONFLICT', `This notice is ${state}; only a ${step.from} notice can be ${step.verb}`);

export const noticeService = {
  /**
   * Notices the viewer may read (domain.md section 6), all in SQL. Until it is issued
   * (DRAFT, PENDING_APPROVAL, APPROVED) a notice is the issuing unit's internal paper:
   * only that unit's SECRETARY, DISCIPLINE and OFFICE see it, not the recipient, the cc'd
   * posts or DISCIPLINE above. From ISSUED on: those three, the recipient's post, the
   * cc'd posts, and DISCIPLINE posts at the issuing unit or above it.
   */
  visible(ctx: Context): SelectQueryBuilder<Notice> {
    const qb = ctx.db.getRepository(Notice).createQueryBuilder('n');
    const posts = ctx.viewer?.posts ?? [];
    const postIds = posts.map((p) => p.id);
    const handledUnits = [...new Set(posts.filter((p) => HANDLERS.includes(p.role)).map((p) => p.unitId))];
    const disciplineAbove = unitInScope(qb, 'n.unitId', scopeRoots(ctx.viewer, [PostRole.DISCIPLINE]));
    return qb.andWhere(new Brackets((anyOf) => {
      anyOf.where('1 = 0');
      if (handledUnits.length) anyOf.orWhere('n.unitId IN (:...nvHandledUnits)', { nvHandledUnits: handledUnits });
      anyOf.orWhere(new Brackets((issued) => issued
        .where('n.state IN (:...nvIssued)', { nvIssued: ISSUED_STATES })
        .andWhere(new Brackets((who) => {
          who.where(disciplineAbove.sql, disciplineAbove.params);
          if (!postIds.length) return;
          who.orWhere('n.recipientPostId IN (:...nvPosts)', { nvPosts: postIds })
            .orWhere('EXISTS (SELECT 1 FROM notice_cc nvc WHERE nvc.noticeId = n.id AND nvc.postId IN (:...nvPosts))');
        }))));
    }));
  },

  async get(ctx: Context, globalId: string): Promise<Notice | null> {
    const ref = decodeId(globalId, 'Notice');
    return ref ? this.byId(ctx, ref.id) : null;
  },

  byId(ctx: Context, id: number): Promise<Notice | null> {
    return this.visible(ctx).andWhere('n.id = :id', { id }).getOne();
  },

  async require(ctx: Context, globalId: string, field = 'id'): Promise<Notice> {
    const notice = await this.get(ctx, globalId);
    if (!notice) throw new AppError('NOT_FOUND', `${field}: no such notice`, { field });
    return notice;
  },

  /** An event of a notice the viewer sees. */
  async eventById(ctx: Context, id: number): Promise<NoticeEvent | null> {
    const event = await ctx.db.getRepository(NoticeEvent).findOneBy({ id });
    return event && (await this.byId(ctx, event.noticeId)) ? event : null;
  },

  categories(ctx: Context): Promise<NoticeCategory[]> {
    return ctx.db.getRepository(NoticeCategory).find({ order: { id: 'ASC' } });
  },

  async filtered(ctx: Context, filter: NoticeFilter | undefined): Promise<SelectQueryBuilder<Notice>> {
    const qb = this.visible(ctx);
    if (!filter) return qb;
    if (filter.unitId) whereUnitFilter(qb, 'n', await orgUnitService.get(ctx, filter.unitId), filter.subtree);
    if (filter.state) qb.andWhere('n.state = :nfState', { nfState: filter.state });
    if (filter.issued != null) qb.andWhere(filter.issued ? 'n.issuedAt IS NOT NULL' : 'n.issuedAt IS NULL');
    if (filter.overdue !== undefined && filter.overdue !== null) {
      const overdue = '(n.state = :nfIssued AND n.dueOn < :nfToday)';
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { nfIssued: NoticeState.ISSUED, nfToday: today() });
    }
    if (filter.dueWithinDays !== undefined && filter.dueWithinDays !== null) {
      const { from, to } = dueWindow(filter.dueWithinDays);
      qb.andWhere('n.state = :ndIssued AND n.dueOn >= :ndFrom AND n.dueOn <= :ndTo', { ndIssued: NoticeState.ISSUED, ndFrom: from, ndTo: to });
    }
    const byId: [string | undefined, NodeType, string][] = [
      [filter.recipientPostId, 'Post', 'n.recipientPostId'], [filter.domainId, 'Domain', 'n.domainId'],
      [filter.categoryId, 'NoticeCategory', 'n.categoryId'], [filter.caseId, 'DisciplinaryCase', 'n.caseId'],
    ];
    byId.forEach(([globalId, type, column], i) => {
      const id = idOf(globalId, type);
      if (id !== undefined) qb.andWhere(`${column} = :nfId${i}`, { [`nfId${i}`]: id });
    });
    // Any post of the official, ended ones too (the fulfilment record looks back over a year);
    // a recipient post is in the notice's city (requireRecipient).
    const recipient = idOf(filter.recipientOfficialId, 'Official');
    if (recipient !== undefined) {
      qb.andWhere('n.recipientPostId IN (SELECT nfp.id FROM post nfp WHERE nfp.cityId = n.cityId AND nfp.officialId = :nfRecipient)', { nfRecipient: recipient });
    }
    if (filter.year) {
      qb.andWhere('COALESCE(n.issuedAt, n.createdAt) >= :nfFrom AND COALESCE(n.issuedAt, n.createdAt) < :nfTo', {
        nfFrom: startOfDay(`${filter.year}-01-01`), nfTo: startOfDay(`${filter.year + 1}-01-01`),
      });
    }
    return qb;
  },

  async list(ctx: Context, filter: NoticeFilter | undefined, page: PageArgs) {
    return paginate(await this.filtered(ctx, filter), page, NEWEST);
  },

  /** Counts by state and overdue in one aggregate statement (state and overdue filters ignored). */
  async stats(ctx: Context, filter: NoticeFilter | undefined) {
    const qb = await this.filtered(ctx, filter && { ...filter, state: undefined, overdue: undefined });
    const states = Object.values(NoticeState);
    qb.select([]).addSelect('COUNT(*)', 'total');
    states.forEach((state, i) => qb.addSelect(`SUM(CASE WHEN n.state = :nsState${i} THEN 1 ELSE 0 END)`, `s${i}`).setParameter(`nsState${i}`, state));
    const raw = await qb
      .addSelect('SUM(CASE WHEN n.state = :nsIssued AND n.dueOn < :nsToday THEN 1 ELSE 0 END)', 'overdue')
      .setParameters({ nsIssued: NoticeState.ISSUED, nsToday: today() })
      .getRawOne<Record<string, string | number | null>>();
    const n = (k: string) => Number(raw?.[k] ?? 0);
    const [draft, pendingApproval, approved, issued, reported, closed] = states.map((_, i) => n(`s${i}`));
    return { total: n('total'), draft, pendingApproval, approved, issued, reported, closed, overdue: n('overdue') };
  },

  /**
   * Who a notice of this unit and domain would go to (domain.md section 7): the unit's
   * team members in charge of the domain today, or its SECRETARY when nobody is.
   */
  async suggestedRecipients(ctx: Context, unitId: string, domainId: string): Promise<Post[]> {
    const [tier] = await chainService.chain(ctx, unitId, domainId);
    if (tier.inCharge.length) return tier.inCharge;
    return tier.principal ? [tier.principal] : [];
  },

  async draft(ctx: Context, input: DraftNoticeInput): Promise<Notice> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    assertDrafter(ctx, unit);
    const [category, domain, recipient] = await Promise.all([
      requireCategory(ctx, input.categoryId), requireDomain(ctx, input.domainId), requireRecipient(ctx, input.recipientPostId, unit, 'recipientPostId'),
    ]);
    const origin = input.caseId ? (await requireCase(ctx, input.caseId)).found : null;
    if (origin && input.source !== SupervisionSource.CASE_INVESTIGATION) throw badInput('A notice from a case has the source CASE_INVESTIGATION', 'source');
    const cc = await requireCc(ctx, input.ccPostIds, unit, [recipient]);
    const draft: Draft = {
      categoryId: category.id, domainId: domain.id, title: input.title.trim(), problems: noticeProblemService.summary(input.problems, input.problemRecords),
      measures: input.measures.trim(), source: input.source, caseId: origin?.id ?? null,
    };
    const id = await ctx.db.transaction((em) => insertDraft(em, ctx, unit, draft, recipient, cc, 'draftNotice', input.problemRecords));
    events.publish('noticeChanged', { noticeId: id });
    return (await this.byId(ctx, id))!;
  },

  /**
   * 以案四说/以案四改: the systemic problems a case exposed, sent to several leaders at once,
   * one DRAFT each, all or none. The issuing unit is the drafter's DISCIPLINE unit nearest
   * above the case unless given.
   */
  async draftFromCase(ctx: Context, input: DraftNoticesFromCaseInput): Promise<Notice[]> {
    const { found, unit: caseUnit } = await requireCase(ctx, input.caseId);
    let unit: OrgUnit;
    if (input.unitId) {
      unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
      assertDrafter(ctx, unit);
    } else {
      // requireCase found the case in a DISCIPLINE scope, so there is such a post.
      const nearest = ctx.viewer!.posts
        .filter((p) => p.role === PostRole.DISCIPLINE && p.cityId === caseUnit.cityId && isUnder(caseUnit.path, p.unitPath))
        .sort((a, b) => b.unitPath.length - a.unitPath.length)[0];
      unit = (await ctx.loaders.unitById.load(nearest.unitId))!;
    }
    if (new Set(input.recipientPostIds).size !== input.recipientPostIds.length) throw badInput('recipientPostIds names a post twice', 'recipientPostIds');
    const [category, domain, recipients] = await Promise.all([
      requireCategory(ctx, input.categoryId),
      input.domainId ? requireDomain(ctx, input.domainId) : ctx.loaders.domainById.load(found.domainId).then((d) => d!),
      Promise.all(input.recipientPostIds.map((id, i) => requireRecipient(ctx, id, unit, 'recipientPostIds', `recipientPostIds[${i}]`))),
    ]);
    const cc = await requireCc(ctx, input.ccPostIds, unit, recipients);
    const draft: Draft = {
      categoryId: category.id, domainId: domain.id, title: input.title.trim(), problems: noticeProblemService.summary(input.problems, input.problemRecords),
      measures: input.measures.trim(), source: SupervisionSource.CASE_INVESTIGATION, caseId: found.id,
    };
    const ids = await ctx.db.transaction(async (em) => {
      const created: number[] = [];
      for (const recipient of recipients) {
        created.push(await insertDraft(em, ctx, unit, draft, recipient, cc, 'draftNoticesFromCase', input.problemRecords));
      }
      return created;
    });
    for (const noticeId of ids) events.publish('noticeChanged', { noticeId });
    const notices = await this.visible(ctx).andWhere('n.id IN (:...ids)', { ids }).orderBy('n.id', 'ASC').getMany();
    return notices;
  },

  /** A DRAFT changes by the DISCIPLINE post of its issuing unit; cc given = the whole new list. */
  async update(ctx: Context, globalId: string, input: UpdateNoticeInput): Promise<Notice> {
    const notice = await this.require(ctx, globalId, 'id');
    const unit = (await ctx.loaders.unitById.load(notice.unitId))!;
    assertActor(ctx, notice, unit, PostRole.DISCIPLINE);
    if (notice.state !== NoticeState.DRAFT) throw new AppError('CONFLICT', `This notice is ${notice.state}; only a DRAFT can be changed`);
    const changes: QueryDeepPartialEntity<Notice> = {};
    if (input.title != null) changes.title = input.title.trim();
    if (input.problems != null || input.problemRecords != null) changes.problems = noticeProblemService.summary(input.problems, input.problemRecords ?? []);
    if (input.measures != null) changes.measures = input.measures.trim();
    if (input.categoryId != null) changes.categoryId = (await requireCategory(ctx, input.categoryId)).id;
    if (input.domainId != null) changes.domainId = (await requireDomain(ctx, input.domainId)).id;
    if (input.source != null) {
      if (notice.caseId !== null && input.source !== SupervisionSource.CASE_INVESTIGATION) throw badInput('A notice from a case has the source CASE_INVESTIGATION', 'source');
      changes.source = input.source;
    }
    const recipient = input.recipientPostId != null
      ? await requireRecipient(ctx, input.recipientPostId, unit, 'recipientPostId')
      : (await ctx.loaders.postById.load(notice.recipientPostId))!;
    changes.recipientPostId = recipient.id;
    const currentCc = await ctx.loaders.noticeCcPostsByNoticeId.load(notice.id);
    const cc = input.ccPostIds != null ? await requireCc(ctx, input.ccPostIds, unit, [recipient]) : null;
    if (!cc && currentCc.some((p) => p.id === recipient.id)) throw badInput('The new recipient is on the cc list; change the list too', 'recipientPostId');
    const saved = await ctx.db.transaction(async (em) => {
      const locked = await lockNotice(em, notice.id);
      if (locked.state !== NoticeState.DRAFT) throw new AppError('CONFLICT', `This notice is ${locked.state}; only a DRAFT can be changed`);
      await compareAndSet(em, locked, { ...changes, updatedAt: now() });
      if (cc) {
        await em.delete(NoticeCc, { noticeId: notice.id });
        if (cc.length) await em.insert(NoticeCc, cc.map((p) => ({ noticeId: notice.id, postId: p.id })));
      }
      const after = await em.findOneByOrFail(Notice, { id: notice.id });
      // The problem records follow the notice's domain, source and case, or are replaced as a whole.
      const replaced = input.problemRecords != null ? await noticeProblemService.replace(em, ctx, after, input.problemRecords) : null;
      if (replaced === null) await noticeProblemService.follow(em, after);
      await recordAudit(em, ctx, {
        operation: 'updateNotice', recordType: 'Notice', recordId: notice.id, unit,
        before: { ...snapshot(locked), cc: currentCc.map((p) => p.id), ...(replaced === null ? {} : { problemRecords: replaced }) },
        after: { ...snapshot(after), cc: (cc ?? currentCc).map((p) => p.id), ...(replaced === null ? {} : { problemRecords: input.problemRecords!.length }) },
      });
      return after;
    });
    // The cc list was read through the loader above: the result must show the new one.
    ctx.loaders.noticeCcPostsByNoticeId.clear(notice.id);
    ctx.loaders.problemsByNoticeId.clear(notice);
    events.publish('noticeChanged', { noticeId: notice.id });
    return saved;
  },

  /**
   * One step of the life cycle: a notice the viewer sees (NOT_FOUND otherwise), taken by
   * the step's role (FORBIDDEN otherwise) from the step's state (CONFLICT otherwise).
   */
  async step(
    ctx: Context, globalId: string, name: NoticeStep, text: string | null = null, answers: readonly NoticeProblemAnswerInput[] = [],
  ): Promise<Notice> {
    const step: Step = STEPS[name];
    const notice = await this.require(ctx, globalId, 'id');
    const unit = (await ctx.loaders.unitById.load(notice.unitId))!;
    assertActor(ctx, notice, unit, step.actor);
    if (notice.state !== step.from) throw wrongState(notice.state, step);
    // The written report answers each of the notice's problems (整改情况), checked before the transaction.
    const answered = step.textIsReport ? await noticeProblemService.checkAnswers(ctx, notice, answers) : null;
    if (!answered && answers.length) throw badInput('Only the written report answers the problems', 'answers');
    const trimmed = text?.trim() || null;
    const saved = await ctx.db.transaction(async (em) => {
      const locked = await lockNotice(em, notice.id);
      if (locked.state !== step.from) throw wrongState(locked.state, step);
      const at = now();
      await compareAndSet(em, locked, { state: step.to, ...step.set?.(ctx, at, trimmed), updatedAt: at });
      await em.insert(NoticeEvent, {
        cityId: locked.cityId, noticeId: locked.id, fromState: step.from, toState: step.to, actorOfficialId: ctx.viewer!.officialId,
        at, comment: step.textIsReport ? null : trimmed,
      });
      if (answered) await noticeProblemService.writeAnswers(em, notice.id, answered, at);
      // Issued: its problems are found from today (the portrait's problems found).
      if (name === 'issue') await em.update(Problem, { cityId: locked.cityId, noticeId: locked.id }, { foundOn: today(at) });
      const after = await em.findOneByOrFail(Notice, { id: notice.id });
      await recordAudit(em, ctx, {
        operation: step.operation, recordType: 'Notice', recordId: notice.id, unit,
        before: { state: locked.state, version: locked.version },
        after: { state: after.state, version: after.version, dueOn: after.dueOn, ...(answered?.size ? { answers: answered.size } : {}) },
      });
      return after;
    });
    if (answered?.size) ctx.loaders.problemsByNoticeId.clear(notice);
    events.publish('noticeChanged', { noticeId: notice.id });
    return saved;
  },

  /**
   * Notices that change, for a subscription: each event is re-read through the same scoped
   * query as `notice(id)` (after renewing the viewer), so nobody hears of a notice they
   * could not query, and a draft reaches only the issuing unit's handlers.
   */
  async *changes(ctx: Context, unitId?: string | null): AsyncGenerator<Notice> {
    const unit = unitId ? await orgUnitService.require(ctx, unitId, 'unitId') : null;
    for await (const { noticeId } of events.subscribe('noticeChanged')) {
      if (ctx.renew && !(await ctx.renew())) return;
      const qb = this.visible(ctx).andWhere('n.id = :id', { id: noticeId });
      if (unit) whereUnitFilter(qb, 'n', unit, true);
      const notice = await qb.getOne();
      if (notice) yield notice;
    }
  },
};
