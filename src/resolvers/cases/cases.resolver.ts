import { MaxLength } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AccountabilityRecord, DisciplinaryCase, Domain, Lead, Official, OrgUnit, Post } from '../../entities';
import { ChainRole, Failure } from '../../schema/enums';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { NotBlank } from '../../schema/validation';
import { accountabilityService } from '../accountability/accountability.service';
import { caseService } from './case.service';
import { CaseFilter, LeadFilter, OpenCaseInput, SubmitLeadInput } from './cases.inputs';
import { leadService } from './lead.service';

const LeadConnection = ConnectionType(Lead);
const DisciplinaryCaseConnection = ConnectionType(DisciplinaryCase);

@ArgsType()
class DismissLeadArgs {
  @Field(() => ID, { description: 'Global id of the lead (SUBMITTED or UNDER_REVIEW)' })
  id!: string;

  @Field({ description: '了结理由 (kept in the audit log)' })
  @NotBlank()
  @MaxLength(2000)
  reason!: string;
}

@ObjectType({ description: '一案双查: someone the case proposes to hold accountable, with the post held on the incident day' })
class ProposedRecord {
  @Field(() => OrgUnit, { description: 'The tier of the chain' })
  unit!: OrgUnit;

  @Field(() => ChainRole, { description: 'The place in the chain: principal, team member in charge or discipline head' })
  role!: ChainRole;

  @Field(() => Post, { description: 'The post held on the incident day (it may have ended since)' })
  post!: Post;

  @Field(() => Official, { description: 'The official who held the post that day' })
  official!: Official;

  @Field(() => Failure, { description: 'MAIN_RESPONSIBILITY for the principal and the team member in charge, SUPERVISION_RESPONSIBILITY for the discipline head' })
  failure!: Failure;
}

@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => LeadConnection, { description: '问题线索: received by your DISCIPLINE posts (their unit or above) or submitted by you; never one about you' })
  leads(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => LeadFilter, { nullable: true, description: 'Every lead you see when omitted' }) filter?: LeadFilter,
  ) {
    return leadService.list(ctx, filter, page);
  }

  @Query(() => Lead, { nullable: true, description: 'A lead, if visible to you' })
  lead(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the lead' }) id: string) {
    return leadService.get(ctx, id);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit the lead is about' })
  unit(@Root() lead: Lead, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(lead.unitId);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit whose DISCIPLINE receives it' })
  toUnit(@Root() lead: Lead, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(lead.toUnitId);
  }

  @FieldResolver(() => Official, { nullable: true, description: 'The official it concerns (DISCIPLINE in scope only)' })
  concernedOfficial(@Root() lead: Lead, @Ctx() ctx: Context) {
    return lead.concernedOfficialId ? ctx.loaders.officialById.load(lead.concernedOfficialId) : null;
  }

  @FieldResolver(() => Official, { description: 'The INFORMANT or INSPECTOR who submitted it' })
  submittedBy(@Root() lead: Lead, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(lead.submittedByOfficialId);
  }

  @FieldResolver(() => DisciplinaryCase, { nullable: true, description: 'The case opened from it (DISCIPLINE in scope of the case only)' })
  case(@Root() lead: Lead, @Ctx() ctx: Context) {
    return caseService.visibleCase(ctx, lead.caseId);
  }

  @Mutation(() => Lead, { description: 'INFORMANT (own unit or below) or INSPECTOR (an assigned target): report a lead to the DISCIPLINE above' })
  submitLead(@Ctx() ctx: Context, @Arg('input', () => SubmitLeadInput, { description: 'The unit, the official concerned and the content' }) input: SubmitLeadInput) {
    return leadService.submit(ctx, input);
  }

  @Mutation(() => Lead, { description: 'DISCIPLINE of the receiving unit or above: take a SUBMITTED lead under review' })
  reviewLead(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the lead (SUBMITTED)' }) id: string) {
    return leadService.review(ctx, id);
  }

  @Mutation(() => Lead, { description: 'DISCIPLINE of the receiving unit or above: dismiss (了结) an open lead with a reason' })
  dismissLead(@Ctx() ctx: Context, @Args() { id, reason }: DismissLeadArgs) {
    return leadService.dismiss(ctx, id, reason);
  }
}

@Resolver(() => DisciplinaryCase)
export class DisciplinaryCaseResolver {
  @Query(() => DisciplinaryCaseConnection, { description: '案件 of units in the scope of your DISCIPLINE posts (never one against you), newest first' })
  cases(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Every case you see when omitted' }) filter?: CaseFilter,
  ) {
    return caseService.list(ctx, filter, page);
  }

  @Query(() => DisciplinaryCase, { nullable: true, description: 'A case, if visible to you' })
  case(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the case' }) id: string) {
    return caseService.get(ctx, id);
  }

  @FieldResolver(() => OrgUnit, { description: 'The unit where the incident happened' })
  unit(@Root() c: DisciplinaryCase, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(c.unitId);
  }

  @FieldResolver(() => Official, { description: 'The official the case is against' })
  official(@Root() c: DisciplinaryCase, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(c.officialId);
  }

  @FieldResolver(() => Domain, { description: '领域: with the unit and incidentOn it gives the chain' })
  domain(@Root() c: DisciplinaryCase, @Ctx() ctx: Context) {
    return ctx.loaders.domainById.load(c.domainId);
  }

  @FieldResolver(() => Official, { description: 'The DISCIPLINE official who opened it' })
  openedBy(@Root() c: DisciplinaryCase, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(c.openedByOfficialId);
  }

  @FieldResolver(() => Lead, { nullable: true, description: 'The lead it came from (investigators who may read the lead)' })
  lead(@Root() c: DisciplinaryCase, @Ctx() ctx: Context) {
    return caseService.leadOf(ctx, c);
  }

  @FieldResolver(() => [ProposedRecord], { nullable: true, description: '一案双查: the responsibility chain of the unit and domain as held on the incident day (investigators only)' })
  proposal(@Root() c: DisciplinaryCase, @Ctx() ctx: Context) {
    return caseService.proposal(ctx, c);
  }

  @FieldResolver(() => [AccountabilityRecord], { description: 'The accountability records made from it that you may see (every revision)' })
  records(@Root() c: DisciplinaryCase, @Ctx() ctx: Context) {
    return accountabilityService.ofCase(ctx, c);
  }

  @Mutation(() => DisciplinaryCase, { description: 'DISCIPLINE in scope of the unit: open a case (from a lead: the lead becomes CASE_OPENED)' })
  openCase(@Ctx() ctx: Context, @Arg('input', () => OpenCaseInput, { description: 'The unit, official, domain, incident day and text' }) input: OpenCaseInput) {
    return caseService.open(ctx, input);
  }

  @Mutation(() => DisciplinaryCase, { description: 'DISCIPLINE in scope: close the case (no new records are made from it)' })
  closeCase(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the case (OPEN)' }) id: string) {
    return caseService.close(ctx, id);
  }
}
