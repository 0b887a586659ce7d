// Direct inserts for demo data and test fixtures (not user actions: no audit entries).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { identityChanged } from '../auth/authenticate';
import { hashPassword } from '../auth/password';
import {
  Account, Domain, Evidence, Milestone, Official, OrgUnit, OrgUnitVersion, Post, PostDomain, ProgressUpdate, ResponsibilityItem,
  ResponsibilityLetter, ResponsibilityList, Task, TaskClosure, TaskRating,
} from '../entities';
import { NO_OPEN_MILESTONE } from '../entities/task.entity';
import { TREE_HISTORY_START } from '../entities/org-unit-version.entity';
import { finalDueOn, nextDueOn } from '../resolvers/tasks/light';
import {
  ClosureDecision, LetterIssuer, Light, PostRole, ResponsibilitySubject, TaskStatus, UnitKind, UnitLevel, Visibility,
} from '../schema/enums';

export class SeedBuilder {
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly at = new Date();

  constructor(private readonly em: EntityManager, private readonly scryptLogN: number) {}

  /** A unit, with its open version from the start of the tree's history (or from `since`). */
  async unit(
    parent: OrgUnit | null, name: string, level: UnitLevel, options: { kind?: UnitKind; since?: string } = {},
  ): Promise<OrgUnit> {
    const kind = options.kind ?? UnitKind.AREA;
    const { identifiers } = await this.em.insert(OrgUnit, {
      cityId: parent?.cityId ?? 0, parentId: parent?.id ?? null, name, level, kind, path: `pending-${randomUUID()}`,
      createdAt: this.at, updatedAt: this.at,
    });
    const id = Number(identifiers[0].id);
    const path = `${parent?.path ?? '/'}${id}/`;
    const cityId = parent?.cityId ?? id;
    await this.em.update(OrgUnit, { id }, { path, cityId });
    // A write to the tree, as the service's are (recordAudit reports those): cached tree rows and viewers go.
    identityChanged(this.em);
    await this.em.insert(OrgUnitVersion, {
      cityId, unitId: id, parentId: parent?.id ?? null, name, level, kind, path, validFrom: options.since ?? TREE_HISTORY_START, validTo: null,
    });
    return this.em.findOneByOrFail(OrgUnit, { id });
  }

  async official(unit: OrgUnit, name: string, title: string, contact: { phone?: string; idNumber?: string } = {}): Promise<Official> {
    const { identifiers } = await this.em.insert(Official, {
      cityId: unit.cityId, unitId: unit.id, name, title, phone: contact.phone ?? null, idNumber: contact.idNumber ?? null, createdAt: this.at,
    });
    return this.em.findOneByOrFail(Official, { id: Number(identifiers[0].id) });
  }

  async post(
    official: Official, unit: OrgUnit, role: PostRole,
    options: { since?: string; until?: string | null; domains?: string[] } = {},
  ): Promise<Post> {
    const { identifiers } = await this.em.insert(Post, {
      cityId: unit.cityId, officialId: official.id, unitId: unit.id, role,
      since: options.since ?? '2024-01-01', until: options.until ?? null,
    });
    const postId = Number(identifiers[0].id);
    if (options.domains?.length) {
      const domains = await this.em.getRepository(Domain).createQueryBuilder('d')
        .where('d.code IN (:...codes)', { codes: options.domains }).getMany();
      await this.em.insert(PostDomain, domains.map((d) => ({ postId, domainId: d.id })));
    }
    return this.em.findOneByOrFail(Post, { id: postId });
  }

  /** Accounts sharing a password share one hash computation (seeding many is fast). */
  async account(official: Official, username: string, password: string, extra: Partial<Account> = {}): Promise<Account> {
    if (!this.hashes.has(password)) this.hashes.set(password, hashPassword(password, this.scryptLogN));
    const { identifiers } = await this.em.insert(Account, {
      officialId: official.id, username, passwordHash: await this.hashes.get(password)!, active: true,
      failedLogins: 0, lockedUntil: null, lastLoginAt: null, createdAt: this.at, ...extra,
    });
    return this.em.findOneByOrFail(Account, { id: Number(identifiers[0].id) });
  }
}

export interface SeedTask {
  title: string;
  year: number;
  domain: string;
  visibility?: Visibility;
  leadOffice?: string;
  goal?: string;
  measures?: string;
  milestones: { title?: string; dueOn: string; targetPercent: number }[];
  /** Progress updates in order, as [percent, text]; stamped with the builder's time. */
  progress?: [number, string][];
}

/** Direct inserts of responsibility records for demo data and test fixtures. */
export class ResponsibilitySeeder {
  private readonly at = new Date();

  constructor(private readonly em: EntityManager) {}

  async task(unit: OrgUnit, leader: Post, creator: Official, t: SeedTask): Promise<Task> {
    const domain = await this.em.findOneByOrFail(Domain, { code: t.domain });
    const last = t.progress?.at(-1)?.[0] ?? 0;
    const { identifiers } = await this.em.insert(Task, {
      cityId: unit.cityId, unitId: unit.id, year: t.year, title: t.title, domainId: domain.id, leaderPostId: leader.id,
      leadOffice: t.leadOffice ?? '党建办', goal: t.goal ?? `${t.title}: 全面完成年度目标`, measures: t.measures ?? '专题部署, 定期调度, 督查问效',
      visibility: t.visibility ?? Visibility.INTERNAL, status: TaskStatus.IN_PROGRESS, percent: last,
      dueOn: finalDueOn(t.milestones), nextDueOn: nextDueOn(t.milestones, last), closedAt: null,
      createdByOfficialId: creator.id, createdAt: this.at, updatedAt: this.at,
    });
    const taskId = Number(identifiers[0].id);
    await this.em.insert(Milestone, t.milestones.map((m, i) => ({
      cityId: unit.cityId, taskId, title: m.title ?? `时间节点 ${i + 1}`, dueOn: m.dueOn, targetPercent: m.targetPercent,
    })));
    const leaderOfficial = leader.officialId;
    for (const [percent, text] of t.progress ?? []) {
      await this.em.insert(ProgressUpdate, {
        cityId: unit.cityId, taskId, text, percent, authorOfficialId: leaderOfficial, createdAt: this.at, correctsId: null, correctionReason: null,
      });
    }
    return this.em.findOneByOrFail(Task, { id: taskId });
  }

  async rating(task: Task, rater: Official, quarter: number, light: Light, comment: string): Promise<TaskRating> {
    const { identifiers } = await this.em.insert(TaskRating, {
      cityId: task.cityId, taskId: task.id, year: task.year, quarter, light, computedLight: light, percent: task.percent,
      comment, ratedByOfficialId: rater.id, createdAt: this.at,
    });
    return this.em.findOneByOrFail(TaskRating, { id: Number(identifiers[0].id) });
  }

  /** A closure request; decided (confirmed or returned) when a decider is given. */
  async closure(
    task: Task, requester: Official, evidence: string[], decision?: { by: Official; confirm: boolean; comment?: string },
  ): Promise<TaskClosure> {
    const { identifiers } = await this.em.insert(TaskClosure, {
      cityId: task.cityId, taskId: task.id, summary: `${task.title}: 已按计划完成`, requestedByOfficialId: requester.id, requestedAt: this.at,
      decision: decision ? (decision.confirm ? ClosureDecision.CONFIRMED : ClosureDecision.RETURNED) : ClosureDecision.PENDING,
      decidedByOfficialId: decision?.by.id ?? null, decidedAt: decision ? this.at : null, decisionComment: decision?.comment ?? null,
    });
    const closureId = Number(identifiers[0].id);
    await this.em.insert(Evidence, evidence.map((title) => ({
      cityId: task.cityId, taskId: task.id, progressUpdateId: null, closureId, title, reference: null,
      addedByOfficialId: requester.id, createdAt: this.at,
    })));
    const status = !decision ? TaskStatus.CLOSURE_REQUESTED : decision.confirm ? TaskStatus.CLOSED : TaskStatus.IN_PROGRESS;
    await this.em.update(Task, { id: task.id }, {
      status, ...(status === TaskStatus.CLOSED ? { closedAt: this.at, nextDueOn: NO_OPEN_MILESTONE } : {}),
    });
    return this.em.findOneByOrFail(TaskClosure, { id: closureId });
  }

  async list(unit: OrgUnit, year: number, subject: ResponsibilitySubject, title: string, items: string[], options: {
    published?: boolean; adoptFrom?: ResponsibilityList;
  } = {}): Promise<ResponsibilityList> {
    const { identifiers } = await this.em.insert(ResponsibilityList, {
      cityId: unit.cityId, unitId: unit.id, year, subject, title, publishedAt: options.published ? this.at : null,
      createdAt: this.at, updatedAt: this.at,
    });
    const listId = Number(identifiers[0].id);
    const adopted = options.adoptFrom
      ? await this.em.find(ResponsibilityItem, { where: { cityId: options.adoptFrom.cityId, listId: options.adoptFrom.id }, order: { position: 'ASC' } })
      : [];
    const rows = [
      ...adopted.map((a) => ({ content: a.content, sourceItemId: a.id, sourceUnitId: options.adoptFrom!.unitId, originUnitId: a.originUnitId ?? options.adoptFrom!.unitId })),
      ...items.map((content) => ({ content, sourceItemId: null, sourceUnitId: null, originUnitId: null })),
    ];
    if (rows.length) {
      await this.em.insert(ResponsibilityItem, rows.map((r, i) => ({ ...r, cityId: unit.cityId, listId, position: i + 1, createdAt: this.at })));
    }
    return this.em.findOneByOrFail(ResponsibilityList, { id: listId });
  }

  /** A letter to a team member's post or to a direct subordinate unit; signed by `signer` when given. */
  async letter(
    unit: OrgUnit, year: number, issuer: Post, to: { post: Post } | { unit: OrgUnit }, content: string, signer?: Official,
  ): Promise<ResponsibilityLetter> {
    const signerUnit = 'unit' in to ? to.unit : unit;
    const { identifiers } = await this.em.insert(ResponsibilityLetter, {
      cityId: unit.cityId, unitId: unit.id, year, issuedBy: LetterIssuer.SECRETARY, issuerPostId: issuer.id,
      signerPostId: 'post' in to ? to.post.id : null, signerUnitId: signerUnit.id,
      signerKey: 'post' in to ? `P${to.post.id}` : `U${to.unit.id}`, content, issuedAt: this.at,
      signedAt: signer ? this.at : null, signedByOfficialId: signer?.id ?? null,
    });
    return this.em.findOneByOrFail(ResponsibilityLetter, { id: Number(identifiers[0].id) });
  }
}
