// The bulk forms the seed replays needed (issue 13, point 9): 64 letters, 33 notice steps,
// three mutations per new person, inspection targets and feedback one by one. Each is
// runBatch (batch.ts) over the single mutation's own service method: the same checks,
// audit entries and events, one transaction, all or none.
import type { Context } from '../../context';
import type { Account, InspectionTarget, Notice, Official, Post, ResponsibilityLetter } from '../../entities';
import { decodeId, encodeId } from '../../schema/node';
import { inspectionService } from '../inspections/inspection.service';
import { noticeService } from '../notices/notice.service';
import { officialService } from '../people/official.service';
import { orgUnitService } from '../org/org-unit.service';
import { letterService, signerKeyOf } from '../responsibility/letter.service';
import { part, runBatch } from './batch';
import {
  LetterCounterparts, type AddInspectionTargetsInput, type IssueResponsibilityLettersInput, type OnboardOfficialInput,
  type RecordInspectionFeedbacksInput,
} from './bulk.inputs';

/** The notice steps that have a bulk form: one mutation each (submitNotices, approveNotices, issueNotices). */
export type BulkNoticeStep = 'submit' | 'approve' | 'issue';

export interface Onboarded {
  official: Official;
  posts: Post[];
  account: Account | null;
}

/** A letter's counterpart: its key among the unit's letters, and how issueResponsibilityLetter names it. */
interface Counterpart {
  readonly key: string;
  readonly signer: { signerUnitId: string } | { signerPostId: string };
}

export const bulkService = {
  /**
   * One letter to each direct subordinate unit, or to each current team member, of the
   * unit (letterService.counterparts, as the letter gaps list them); with onlyMissing, to
   * those without a letter of the year among the letters the viewer sees.
   */
  async issueLetters(ctx: Context, input: IssueResponsibilityLettersInput): Promise<ResponsibilityLetter[]> {
    const unit = await orgUnitService.require(ctx, input.unitId, 'unitId');
    const { children, team } = await letterService.counterparts(ctx, unit);
    let counterparts: Counterpart[] = input.to === LetterCounterparts.SUBORDINATE_UNITS
      ? children.map((c) => ({ key: signerKeyOf({ unitId: c.id }), signer: { signerUnitId: encodeId('OrgUnit', c.id) } }))
      : team.map((p) => ({ key: signerKeyOf({ postId: p.id }), signer: { signerPostId: encodeId('Post', p.id) } }));
    if (input.onlyMissing) {
      const issued = await letterService.visible(ctx).select('l.signerKey', 'signerKey')
        .andWhere('l.unitId = :unitId AND l.year = :year', { unitId: unit.id, year: input.year })
        .getRawMany<{ signerKey: string }>();
      const has = new Set(issued.map((l) => l.signerKey));
      counterparts = counterparts.filter((c) => !has.has(c.key));
      if (!counterparts.length) return [];
    }
    return runBatch(ctx, counterparts, (tx, { signer }) => letterService.issue(tx, {
      unitId: input.unitId, year: input.year, issuedBy: input.issuedBy, content: input.content, ...signer,
    }), {
      describe: (c) => c.signer,
      // The issue checks read the unit, the subordinate units and the team posts: already read above.
      prepare: async (tx) => {
        for (const u of [unit, ...children]) tx.loaders.unitById.prime(u.id, u);
        for (const p of team) tx.loaders.postById.prime(p.id, p);
      },
    });
  },

  /** One life-cycle step (noticeService.step) on each notice, in the order given. */
  noticeStep(ctx: Context, ids: readonly string[], step: BulkNoticeStep): Promise<Notice[]> {
    return runBatch(ctx, ids, (tx, id) => noticeService.step(tx, id, step), {
      keyOf: (id) => decodeId(id, 'Notice')?.id ?? id,
      describe: (id) => ({ id }),
    });
  },

  /** Each person: createOfficial, then createPost for each post, then createAccount, as ADMIN in scope of each unit. */
  onboard(ctx: Context, people: readonly OnboardOfficialInput[]): Promise<Onboarded[]> {
    return runBatch(ctx, people, async (tx, person) => {
      const official = await part('official', officialService.create(tx, person.official));
      // createPost and createAccount look the official up: it is the row just written.
      tx.loaders.officialById.prime(official.id, official);
      const officialId = encodeId('Official', official.id);
      const posts: Post[] = [];
      for (const [i, post] of person.posts.entries()) {
        posts.push(await part(`posts.${i}`, officialService.createPost(tx, {
          officialId, unitId: post.unitId ?? person.official.unitId, role: post.role, domainIds: post.domainIds, since: post.since, until: post.until,
        })));
      }
      const account = person.account ? await part('account', officialService.createAccount(tx, { officialId, ...person.account })) : null;
      return { official, posts, account };
    }, {
      // The home units and posts' units in one statement.
      prepare: (tx) => tx.loaders.unitById.loadMany(people.flatMap((p) => [p.official.unitId, ...p.posts.map((post) => post.unitId)])
        .map((id) => (id ? decodeId(id, 'OrgUnit')?.id : undefined)).filter((id): id is number => id !== undefined)),
    });
  },

  /** inspectionService.addTarget for each target of the one round. */
  addTargets(ctx: Context, input: AddInspectionTargetsInput): Promise<InspectionTarget[]> {
    return runBatch(ctx, input.targets, (tx, target) => inspectionService.addTarget(tx, { inspectionId: input.inspectionId, ...target }), {
      describe: (t) => ({ unitId: t.unitId }),
      // The target units and groups in one statement each.
      prepare: (tx) => Promise.all([
        tx.loaders.unitById.loadMany(input.targets.map((t) => decodeId(t.unitId, 'OrgUnit')?.id ?? 0)),
        tx.loaders.inspectionGroupById.loadMany(input.targets.map((t) => decodeId(t.groupId, 'InspectionGroup')?.id ?? 0)),
      ]),
    });
  },

  /** inspectionService.recordFeedback for each target and each of its recipients. */
  recordFeedbacks(ctx: Context, input: RecordInspectionFeedbacksInput): Promise<InspectionTarget[]> {
    return runBatch(ctx, input.items, async (tx, item) => {
      let target: InspectionTarget | null = null;
      for (const recipient of item.recipients) {
        target = await inspectionService.recordFeedback(tx, { targetId: item.targetId, recipient, feedback: item.feedback });
      }
      return target!;
    }, {
      keyOf: (item) => decodeId(item.targetId, 'InspectionTarget')?.id ?? item.targetId,
      describe: (item) => ({ targetId: item.targetId }),
      // The target units (directory records) in one statement; each target itself is read through its scope.
      prepare: async (tx) => {
        const found = await tx.loaders.inspectionTargetById.loadMany(input.items.map((i) => decodeId(i.targetId, 'InspectionTarget')?.id ?? 0));
        await tx.loaders.unitById.loadMany(found.flatMap((t) => (t && !(t instanceof Error) ? [t.unitId] : [])));
      },
    });
  },
};
