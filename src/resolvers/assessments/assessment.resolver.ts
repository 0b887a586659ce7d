import { Arg, Args, Ctx, Field, FieldResolver, Float, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Assessment, AssessmentItem, Official, OrgUnit } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { AssessmentFilter, AssessmentFollowUpInput, RecordAssessmentInput, UpdateAssessmentInput } from './assessment.inputs';
import { assessmentService, DEFAULT_SCHEME } from './assessment.service';

const AssessmentConnection = ConnectionType(Assessment);

@ObjectType({ description: 'An item of the default assessment scheme' })
class AssessmentSchemeItem {
  @Field({ description: '项目名称, e.g. 主体责任落实' })
  name!: string;

  @Field(() => Int, { description: 'Percent of the total' })
  weight!: number;
}

@ObjectType({ description: '考核排名: the assessments a unit made of its direct subordinates for a year' })
class AssessmentRanking {
  @Field(() => OrgUnit, { description: 'The assessing unit (the parent)' })
  assessorUnit!: OrgUnit;

  @Field(() => Int, { description: '年度 The year assessed' })
  year!: number;

  @Field(() => [Assessment], { description: 'In rank order: vetoed last, higher totals first' })
  assessments!: Assessment[];

  @Field(() => [OrgUnit], { description: 'Direct subordinates without an assessment for the year' })
  unassessed!: OrgUnit[];
}

@Resolver(() => Assessment)
export class AssessmentResolver {
  @Query(() => AssessmentConnection, {
    description: '考核 in your scope: a parent (and above) sees its children\'s, a unit only its own; newest year first, then in rank order',
  })
  assessments(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => AssessmentFilter, { nullable: true, description: 'Every assessment you see when omitted' }) filter?: AssessmentFilter,
  ) {
    return assessmentService.list(ctx, filter, page);
  }

  @Query(() => AssessmentRanking, { description: 'The ranking of a unit\'s subordinates for a year: posts at the unit or above' })
  assessmentRanking(
    @Ctx() ctx: Context, @Arg('assessorUnitId', () => ID, { description: 'The assessing unit: yours or one below it' }) assessorUnitId: string,
    @Arg('year', () => Int, { description: '年度' }) year: number,
  ) {
    return assessmentService.ranking(ctx, assessorUnitId, year);
  }

  @Query(() => [AssessmentSchemeItem], { description: 'The default scheme: the items recordAssessment(scores) scores, in order' })
  defaultAssessmentScheme(): AssessmentSchemeItem[] {
    return DEFAULT_SCHEME.map((i) => ({ ...i }));
  }

  @FieldResolver(() => OrgUnit, { description: 'The assessed unit' })
  unit(@Root() a: Assessment, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(a.unitId);
  }

  @FieldResolver(() => OrgUnit, { description: 'The assessor: the assessed unit\'s parent' })
  assessorUnit(@Root() a: Assessment, @Ctx() ctx: Context) {
    return ctx.loaders.unitById.load(a.assessorUnitId);
  }

  @FieldResolver(() => Float, { description: '总分: Σ score × weight / 100, two decimals' })
  total(@Root() a: Assessment): number {
    return a.total / 100;
  }

  @FieldResolver(() => Int, { description: '排名 among the units the same assessor assessed for the year (vetoed last; ties share a rank)' })
  async rank(@Root() a: Assessment, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.assessmentStandingById.load(a.id))!.rank;
  }

  @FieldResolver(() => Int, { description: 'How many units the same assessor assessed for the year' })
  async rankedAmong(@Root() a: Assessment, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.assessmentStandingById.load(a.id))!.among;
  }

  @FieldResolver(() => [AssessmentItem], { description: 'The weighted items, in order' })
  items(@Root() a: Assessment, @Ctx() ctx: Context) {
    return ctx.loaders.assessmentItemsByAssessmentId.load(a);
  }

  @FieldResolver(() => Official, { description: 'Who recorded it' })
  recordedBy(@Root() a: Assessment, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(a.createdByOfficialId);
  }

  @Mutation(() => Assessment, { description: 'The parent\'s OFFICE or SECRETARY: assess a direct subordinate for a year (custom items or the default scheme\'s scores)' })
  recordAssessment(@Ctx() ctx: Context, @Arg('input', () => RecordAssessmentInput, { description: 'The unit, year, scores and feedback' }) input: RecordAssessmentInput) {
    return assessmentService.record(ctx, input);
  }

  @Mutation(() => Assessment, { description: 'The assessor\'s OFFICE or SECRETARY: rescore, set or lift the veto, change feedback or requirements (audited)' })
  updateAssessment(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the assessment' }) id: string,
    @Arg('input', () => UpdateAssessmentInput, { description: 'The changes' }) input: UpdateAssessmentInput,
  ) {
    return assessmentService.update(ctx, id, input);
  }

  @Mutation(() => Assessment, { description: 'The assessor\'s OFFICE or SECRETARY: record the follow-up check of the rectification (audited)' })
  recordAssessmentFollowUp(
    @Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Global id of the assessment' }) id: string,
    @Arg('input', () => AssessmentFollowUpInput, { description: 'The day and result of the check' }) input: AssessmentFollowUpInput,
  ) {
    return assessmentService.followUp(ctx, id, input);
  }
}

@Resolver(() => AssessmentItem)
export class AssessmentItemResolver {
  @FieldResolver(() => Float, { description: '0 to 100, two decimals' })
  score(@Root() item: AssessmentItem): number {
    return item.score / 100;
  }
}
