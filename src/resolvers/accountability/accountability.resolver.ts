import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import {
  AccountabilityRecord, AccountabilityRevocation, DisciplinaryCase, Official, OrgUnit, Post, RestrictionRule,
} from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import {
  AccountabilityDecisionInput, AccountabilityRecordFilter, CreateAccountabilityRecordInput, MakeAccountabilityRecordsInput,
  RevokeAccountabilityRecordArgs,
} from './accountability.inputs';
import { accountabilityService, type IntegrityFileData } from './accountability.service';

const AccountabilityRecordConnection = ConnectionType(AccountabilityRecord);

@ObjectType({ description: '廉政档案 An official\'s integrity file: posts held and accountability records (as far as you may see them)' })
class IntegrityFile {
  @Field(() => Official, { description: 'The official whose file it is' })
  official!: Official;

  @Field(() => [AccountabilityRecord], { description: 'Every revision, revoked ones too, newest decision first' })
  records!: AccountabilityRecord[];
}

@Resolver(() => AccountabilityRecord)
export class AccountabilityRecordResolver {
  @Query(() => AccountabilityRecordConnection, {
    description: '问责: your own records and those of units in the scope of your SECRETARY and DISCIPLINE posts; current revisions, newest decision first',
  })
  accountabilityRecords(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => AccountabilityRecordFilter, { nullable: true, description: 'Every current, unrevoked record you see when omitted' }) filter?: AccountabilityRecordFilter,
  ) {
    return accountabilityService.list(ctx, filter, page);
  }

  @Query(() => AccountabilityRecord, { nullable: true, description: 'An accountability record (any revision), if visible to you' })
  accountabilityRecord(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the record (any revision)' }) id: string) {
    return accountabilityService.get(ctx, id);
  }

  @Query(() => [RestrictionRule], { description: '影响期: how long each measure restricts appointments (the rule table)' })
  restrictionRules(@Ctx() ctx: Context) {
    return accountabilityService.rules(ctx);
  }

  @FieldResolver(() => Official, { description: 'The official held accountable' })
  official(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(record.officialId);
  }

  @FieldResolver(() => Post, { nullable: true, description: 'The post held at the time' })
  post(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return record.postId ? ctx.loaders.postById.load(record.postId) : null;
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit at the time' })
  unit(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(record.unitId);
  }

  @FieldResolver(() => DisciplinaryCase, { nullable: true, description: 'The case it was made from: read as the case itself (DISCIPLINE investigating it), never by the official it is against' })
  case(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return record.caseId ? ctx.loaders.caseById.load(record.caseId) : null;
  }

  @FieldResolver(() => AccountabilityRecord, { nullable: true, description: 'The revision this one corrects' })
  revises(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return record.revisionOf ? ctx.loaders.accountabilityRecordById.load(record.revisionOf) : null;
  }

  @FieldResolver(() => AccountabilityRecord, { nullable: true, description: 'The revision that corrected this one' })
  revisedBy(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return ctx.loaders.revisionByRecordId.load(record);
  }

  @FieldResolver(() => Boolean, { description: 'No later revision replaces it' })
  current(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return accountabilityService.isCurrent(ctx, record);
  }

  @FieldResolver(() => AccountabilityRevocation, { nullable: true, description: '撤销, if revoked (the record stays)' })
  revocation(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return ctx.loaders.revocationByRecordId.load(record);
  }

  @FieldResolver(() => String, { nullable: true, description: 'YYYY-MM-DD: decidedOn plus the months of the rule for the measure; null without a rule or once revoked' })
  async restrictedUntil(@Root() record: AccountabilityRecord, @Ctx() ctx: Context): Promise<string | null> {
    return (await accountabilityService.restriction(ctx, record))?.until ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'What the rule restricts (e.g. 两年内不得提升职务); null without a rule or once revoked' })
  async restriction(@Root() record: AccountabilityRecord, @Ctx() ctx: Context): Promise<string | null> {
    return (await accountabilityService.restriction(ctx, record))?.text ?? null;
  }

  @FieldResolver(() => Official, { description: 'The DISCIPLINE official who recorded it' })
  createdBy(@Root() record: AccountabilityRecord, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(record.createdByOfficialId);
  }

  @Mutation(() => AccountabilityRecord, { description: 'DISCIPLINE in scope of the unit: record accountability (with or without a case)' })
  createAccountabilityRecord(
    @Ctx() ctx: Context, @Arg('input', () => CreateAccountabilityRecordInput, { description: 'The official, post or unit, and the decision' }) input: CreateAccountabilityRecordInput) {
    return accountabilityService.create(ctx, input);
  }

  @Mutation(() => [AccountabilityRecord], { description: '一案双查: DISCIPLINE in scope: make every record of a case in one transaction (all or nothing)' })
  makeAccountabilityRecords(
    @Ctx() ctx: Context, @Arg('input', () => MakeAccountabilityRecordsInput, { description: 'The case and its records' }) input: MakeAccountabilityRecordsInput) {
    return accountabilityService.makeFromCase(ctx, input);
  }

  @Mutation(() => AccountabilityRecord, { description: 'DISCIPLINE in scope: correct the latest revision with a new one (the old one stays)' })
  reviseAccountabilityRecord(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the latest revision (not revoked)' }) id: string,
    @Arg('input', () => AccountabilityDecisionInput, { description: 'The corrected decision' }) input: AccountabilityDecisionInput,
  ) {
    return accountabilityService.revise(ctx, id, input);
  }

  @Mutation(() => AccountabilityRecord, { description: 'DISCIPLINE in scope: revoke the latest revision with a reason (the record stays)' })
  revokeAccountabilityRecord(@Ctx() ctx: Context, @Args() args: RevokeAccountabilityRecordArgs) {
    return accountabilityService.revoke(ctx, args);
  }
}

@Resolver(() => AccountabilityRevocation)
export class AccountabilityRevocationResolver {
  @FieldResolver(() => AccountabilityRecord, { description: 'The revoked record (it stays)' })
  record(@Root() revocation: AccountabilityRevocation, @Ctx() ctx: Context) {
    return ctx.loaders.accountabilityRecordById.load(revocation.recordId);
  }

  @FieldResolver(() => Official, { description: 'The DISCIPLINE official who revoked it' })
  revokedBy(@Root() revocation: AccountabilityRevocation, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(revocation.createdByOfficialId);
  }
}

@Resolver(() => IntegrityFile)
export class IntegrityFileResolver {
  @Query(() => IntegrityFile, { nullable: true, description: '廉政档案: yours, or one with records in the scope of your SECRETARY or DISCIPLINE posts' })
  integrityFile(@Ctx() ctx: Context, @Arg('officialId', () => ID, { description: 'The official' }) officialId: string) {
    return accountabilityService.integrityFile(ctx, officialId);
  }

  @FieldResolver(() => [Post], { description: 'Every post held, current and ended' })
  posts(@Root() file: IntegrityFileData, @Ctx() ctx: Context) {
    return ctx.loaders.allPostsByOfficialId.load(file.official);
  }

  @FieldResolver(() => [AccountabilityRecord], { description: 'Restrictions in force today: current, not revoked, restrictedUntil today or later' })
  currentRestrictions(@Root() file: IntegrityFileData, @Ctx() ctx: Context) {
    return accountabilityService.currentRestrictions(ctx, file.records);
  }
}
