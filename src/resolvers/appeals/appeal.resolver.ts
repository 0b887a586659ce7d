import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AccountabilityRecord, AccountabilityRevocation, Appeal, Official, OrgUnit } from '../../entities';
import { AppealStatus } from '../../schema/enums';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { AnswerAppealInput, AppealFilter, AppealInput } from './appeal.inputs';
import { appealService } from './appeal.service';

const AppealConnection = ConnectionType(Appeal);

@Resolver(() => Appeal)
export class AppealResolver {
  @Query(() => AppealConnection, {
    description: '申诉: appeals against the records you may read (your own; SECRETARY and DISCIPLINE in scope), newest first',
  })
  appeals(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => AppealFilter, { nullable: true, description: 'Every appeal you see when omitted' }) filter?: AppealFilter,
  ) {
    return appealService.list(ctx, filter, page);
  }

  @Mutation(() => Appeal, {
    description: '申诉: the official concerned appeals their record (latest revision, not revoked) within ZEREN_APPEAL_DAYS (15) of the decision; one open appeal per record',
  })
  appeal(@Ctx() ctx: Context, @Arg('input', () => AppealInput, { description: 'The record and the grounds' }) input: AppealInput) {
    return appealService.file(ctx, input);
  }

  @Mutation(() => Appeal, {
    description: '答复申诉: DISCIPLINE deciding about the record (as for revise and revoke; never its official) answers once: UPHELD, CHANGED (a new revision) or REVOKED, in one transaction',
  })
  answerAppeal(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the open appeal' }) id: string,
    @Arg('input', () => AnswerAppealInput, { description: 'The outcome, the reasons and, for CHANGED, the revision' }) input: AnswerAppealInput,
  ) {
    return appealService.answer(ctx, id, input);
  }

  @FieldResolver(() => AccountabilityRecord, { description: 'The appealed revision' })
  record(@Root() appeal: Appeal, @Ctx() ctx: Context) {
    return ctx.loaders.accountabilityRecordById.load(appeal.recordId);
  }

  @FieldResolver(() => Official, { description: 'The appellant: the official concerned' })
  official(@Root() appeal: Appeal, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(appeal.officialId);
  }

  @FieldResolver(() => OrgUnit, { description: 'The record\'s unit' })
  unit(@Root() appeal: Appeal, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(appeal.unitId);
  }

  @FieldResolver(() => AppealStatus, { description: 'OPEN until answered, then ANSWERED' })
  status(@Root() appeal: Appeal): AppealStatus {
    return appealService.status(appeal);
  }

  @FieldResolver(() => Boolean, {
    description: '答复超期: open past answerDueOn, or answered after it (a late answer stays flagged)',
  })
  answerOverdue(@Root() appeal: Appeal): boolean {
    return appealService.overdue(appeal);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'The DISCIPLINE official who answered; null while open' })
  answeredBy(@Root() appeal: Appeal, @Ctx() ctx: Context) {
    return appeal.answeredByOfficialId ? ctx.loaders.officialById.load(appeal.answeredByOfficialId) : null;
  }

  @FieldResolver(() => AccountabilityRecord, { nullable: true, description: 'CHANGED: the revision the answer made (it replaces the appealed one)' })
  revision(@Root() appeal: Appeal, @Ctx() ctx: Context) {
    return appeal.revisionId ? ctx.loaders.accountabilityRecordById.load(appeal.revisionId) : null;
  }

  @FieldResolver(() => AccountabilityRevocation, { nullable: true, description: 'REVOKED: the revocation the answer made (the record stays)' })
  revocation(@Root() appeal: Appeal, @Ctx() ctx: Context) {
    return appeal.revocationId ? ctx.loaders.revocationById.load(appeal.revocationId) : null;
  }
}

/** A record's appeals: read by the record's readers, who are the appeals' readers too. */
@Resolver(() => AccountabilityRecord)
export class AccountabilityRecordAppealsResolver {
  @FieldResolver(() => [Appeal], { description: '申诉: every appeal against this revision, answered ones too, oldest first' })
  appeals(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return ctx.loaders.appealsByRecordId.load(record);
  }

  @FieldResolver(() => String, { description: 'YYYY-MM-DD: the last day its official may appeal it (decidedOn plus ZEREN_APPEAL_DAYS)' })
  appealableUntil(@Root() record: AccountabilityRecord): string {
    return appealService.appealableUntil(record.decidedOn);
  }
}
