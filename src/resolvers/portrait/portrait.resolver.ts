// The portrait's GraphQL types: a portrait is a unit and a year; every section is a field resolver
// reading its per-request loader, so only the sections asked are computed, once for all portraits.
import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { UnitKind } from '../../schema/enums';
import type { Context } from '../../context';
import { Official, OrgUnit } from '../../entities';
import { portraitKey, portraitService, type Portrait as PortraitData } from './portrait.service';

@ObjectType({ description: 'A count under a key (an enum value such as a failure, a measure or a grade)' })
class PortraitCount {
  @Field() key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Key tasks of the year in the subtree' })
class PortraitTasks {
  @Field(() => Int) total!: number;
  @Field(() => Int) red!: number;
  @Field(() => Int) yellow!: number;
  @Field(() => Int) green!: number;
  @Field(() => Int) closed!: number;
  @Field(() => Int) overdue!: number;
  @Field(() => Float, { description: '销号率: closed / total' }) closureRate!: number;
  @Field(() => Float, { description: 'overdue / total' }) overdueRate!: number;
}

@ObjectType({ description: 'Problems found in the year, and their rectification' })
class PortraitProblems {
  @Field(() => Int) found!: number;
  @Field(() => Int, { description: 'Problems whose rectification items are all closed' }) rectified!: number;
  @Field(() => Int) open!: number;
  @Field(() => Int) items!: number;
  @Field(() => Int) itemsClosed!: number;
  @Field(() => Int) itemsOverdue!: number;
  @Field(() => Float) rectificationRate!: number;
}

@ObjectType({ description: 'Notices issued in the year' })
class PortraitNotices {
  @Field(() => Int) issued!: number;
  @Field(() => Int) reported!: number;
  @Field(() => Int) closed!: number;
  @Field(() => Int, { description: 'Issued, not reported, past due' }) overdue!: number;
}

@ObjectType({ description: 'Inspection coverage in the five-year cycle ending with the year' })
class PortraitInspection {
  @Field({ description: 'First day of the cycle' }) cycleStart!: string;
  @Field(() => Int, { description: 'Units below the unit, down to communities' }) units!: number;
  @Field(() => Int) inspected!: number;
  @Field(() => Float) coverage!: number;
}

@ObjectType({ description: 'Accountability decided in the year (current revisions, not revoked)' })
class PortraitAccountability {
  @Field(() => Int) total!: number;
  @Field(() => [PortraitCount]) byFailure!: PortraitCount[];
  @Field(() => [PortraitCount]) byMeasure!: PortraitCount[];
}

@ObjectType({ description: 'Responsibility letters of the year to units and team members of the subtree' })
class PortraitLetters {
  @Field(() => Int) issued!: number;
  @Field(() => Int) signed!: number;
  @Field(() => Float) signedRate!: number;
}

@ObjectType({ description: 'Assessments of the year of units in the subtree' })
class PortraitAssessments {
  @Field(() => Int) assessed!: number;
  @Field(() => Float, { nullable: true, description: 'Average total score (points)' }) averageTotal!: number | null;
  @Field(() => Int) vetoed!: number;
  @Field(() => [PortraitCount]) byGrade!: PortraitCount[];
}

@ObjectType({ description: 'A leader with RED tasks (names: posts in scope only, never ANALYST)' })
class PortraitLeader {
  officialId!: number;
  @Field(() => Int) red!: number;
  @Field(() => Int) overdue!: number;
}

@ObjectType({ description: '政治生态素描画像: the figures of a unit\'s subtree for a year' })
class Portrait {
  @Field(() => OrgUnit) unit!: OrgUnit;
  @Field(() => Int) year!: number;
}

@ArgsType()
class LeadersArgs {
  @Field(() => Int, { defaultValue: 10 })
  @Min(1)
  @Max(50)
  first!: number;
}

@Resolver(() => Portrait)
export class PortraitResolver {
  @Query(() => Portrait, { description: '政治生态素描画像 of a unit\'s subtree: posts in scope, and ANALYST (figures only)' })
  portrait(@Ctx() ctx: Context, @Arg('unitId', () => ID) unitId: string, @Arg('year', () => Int) year: number): Promise<PortraitData> {
    return portraitService.portrait(ctx, unitId, year);
  }

  @Query(() => [Portrait], {
    description: '政治生态素描画像 of each direct subordinate unit of a unit, in name order (those you may read: posts in scope, '
      + 'ANALYST figures only): the figures for all of them cost one statement per section selected',
  })
  portraits(
    @Ctx() ctx: Context, @Arg('parentId', () => ID) parentId: string, @Arg('year', () => Int) year: number,
    @Arg('kind', () => UnitKind, { nullable: true, description: 'Only children of this kind (departments, enterprises, ...)' }) kind?: UnitKind,
  ): Promise<PortraitData[]> {
    return portraitService.ofChildren(ctx, parentId, year, kind);
  }

  // Each section is its own grouped statement, run only when selected, once for all the
  // portraits of the request (aliases, or OrgUnit.portrait under a list of units).
  @FieldResolver(() => Int, { description: 'Units in the subtree, the unit included' })
  units(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitUnitsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitTasks)
  tasks(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitTasksByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitProblems)
  problems(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitProblemsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitNotices)
  notices(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitNoticesByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitInspection)
  inspection(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitInspectionByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitAccountability)
  accountability(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitAccountabilityByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitLetters)
  letters(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitLettersByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitAssessments)
  assessments(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitAssessmentsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => [PortraitLeader], { nullable: true, description: 'Leaders with the most RED tasks (names; not for ANALYST)' })
  redTaskLeaders(@Root() portrait: PortraitData, @Ctx() ctx: Context, @Args() { first }: LeadersArgs) {
    return portraitService.redTaskLeaders(ctx, portrait, first);
  }
}

@Resolver(() => OrgUnit)
export class OrgUnitPortraitResolver {
  @FieldResolver(() => Portrait, {
    nullable: true,
    description: '政治生态素描画像 of this unit\'s subtree for a year: null where the viewer may not read it '
      + '(posts in scope; ANALYST in scope, figures only). Batched: each section is one statement for all the units of the request',
  })
  portrait(@Root() unit: OrgUnit, @Ctx() ctx: Context, @Arg('year', () => Int) year: number): PortraitData | null {
    return portraitService.ofUnit(ctx, unit, year);
  }
}

@Resolver(() => PortraitLeader)
export class PortraitLeaderResolver {
  @FieldResolver(() => Official)
  official(@Root() leader: PortraitLeader, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(leader.officialId);
  }
}
