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
  @Field({ description: 'The enum value counted, e.g. MAIN_RESPONSIBILITY, DISMISSAL or EXCELLENT' }) key!: string;
  @Field(() => Int, { description: 'How many' }) count!: number;
}

@ObjectType({ description: 'Key tasks of the year in the subtree' })
class PortraitTasks {
  @Field(() => Int, { description: 'Key tasks of the year of the units in the subtree, the unit included' }) total!: number;
  @Field(() => Int, { description: '红灯 today: open, with a milestone past due' }) red!: number;
  @Field(() => Int, { description: '黄灯 today: open, with a milestone due within ZEREN_YELLOW_DAYS' }) yellow!: number;
  @Field(() => Int, { description: '绿灯 today: the others, closed tasks included' }) green!: number;
  @Field(() => Int, { description: '已销号 (CLOSED)' }) closed!: number;
  @Field(() => Int, { description: 'Past the final due date without reaching 100 percent' }) overdue!: number;
  @Field(() => Float, { description: '销号率: closed / total, 0 to 1 (0 without tasks)' }) closureRate!: number;
  @Field(() => Float, { description: 'overdue / total, 0 to 1 (0 without tasks)' }) overdueRate!: number;
}

@ObjectType({ description: 'Problems found in the year, and their rectification' })
class PortraitProblems {
  @Field(() => Int, { description: 'Problems found in the year at units of the subtree: recorded in it (UTC), or imported with a day found in it' }) found!: number;
  @Field(() => Int, { description: 'Problems whose rectification items are all closed' }) rectified!: number;
  @Field(() => Int, { description: 'found - rectified: no items yet, or an item still open' }) open!: number;
  @Field(() => Int, { description: '整改事项 of those problems' }) items!: number;
  @Field(() => Int, { description: 'Items closed (销号)' }) itemsClosed!: number;
  @Field(() => Int, { description: 'Items open past their deadline today' }) itemsOverdue!: number;
  @Field(() => Float, { description: '整改率: rectified / found, 0 to 1 (0 without problems)' }) rectificationRate!: number;
}

@ObjectType({ description: 'Notices issued in the year' })
class PortraitNotices {
  @Field(() => Int, { description: 'Notices issued in the year (UTC) by units of the subtree' }) issued!: number;
  @Field(() => Int, { description: 'Of those, now REPORTED (awaiting review)' }) reported!: number;
  @Field(() => Int, { description: 'Of those, now CLOSED' }) closed!: number;
  @Field(() => Int, { description: 'Issued, not reported, past due' }) overdue!: number;
  @Field(() => Int, { description: '所列问题: the problem records of those notices (noticeProblemStats over the same notices agrees)' }) problems!: number;
  @Field(() => Int, { description: 'Of those problems, answered in a written rectification report' }) problemsAnswered!: number;
}

@ObjectType({ description: 'Inspection coverage in the five-year cycle ending with the year' })
class PortraitInspection {
  @Field({ description: 'First day of the cycle (YYYY-MM-DD): 1 January four years before the year' }) cycleStart!: string;
  @Field(() => Int, { description: 'Units below the unit, down to communities' }) units!: number;
  @Field(() => Int, { description: 'Of those, the targets of a round started between cycleStart and today' }) inspected!: number;
  @Field(() => Float, { description: '巡察覆盖率: inspected / units, 0 to 1 (0 without units below)' }) coverage!: number;
}

@ObjectType({ description: 'Accountability decided in the year (current revisions, not revoked)' })
class PortraitAccountability {
  @Field(() => Int, { description: 'Records of units of the subtree decided in the year' }) total!: number;
  @Field(() => [PortraitCount], { description: 'By 问责情形 (Failure), in key order; only those present' }) byFailure!: PortraitCount[];
  @Field(() => [PortraitCount], { description: 'By 问责方式 (Measure), in key order; only those present' }) byMeasure!: PortraitCount[];
}

@ObjectType({ description: 'Responsibility letters of the year to units and team members of the subtree' })
class PortraitLetters {
  @Field(() => Int, { description: 'Letters of the year whose signing unit is in the subtree' }) issued!: number;
  @Field(() => Int, { description: 'Of those, signed' }) signed!: number;
  @Field(() => Float, { description: '签订率: signed / issued, 0 to 1 (0 without letters)' }) signedRate!: number;
}

@ObjectType({ description: 'Assessments of the year of units in the subtree' })
class PortraitAssessments {
  @Field(() => Int, { description: 'Units of the subtree assessed for the year' }) assessed!: number;
  @Field(() => Float, { nullable: true, description: 'Average total score (points, two decimals); null when none was assessed' }) averageTotal!: number | null;
  @Field(() => Int, { description: '一票否决: assessments with a veto' }) vetoed!: number;
  @Field(() => [PortraitCount], { description: 'By 考核等次 (Grade), in key order; only those present' }) byGrade!: PortraitCount[];
}

@ObjectType({ description: '督办单 issued in the year about records of the subtree' })
class PortraitUrgings {
  @Field(() => Int, { description: 'Urgings issued in the year (UTC) about records of units of the subtree (by the urged record\'s unit)' }) issued!: number;
  @Field(() => Int, { description: 'Of those, replied to' }) replied!: number;
  @Field(() => Int, { description: 'Of those, not yet replied to' }) open!: number;
  @Field(() => Int, { description: '回复逾期 today: no reply and past the reply day, or a reply that came after it' }) replyOverdue!: number;
}

@ObjectType({ description: '问题线索 received in the year by units of the subtree' })
class PortraitLeads {
  @Field(() => Int, { description: 'Leads received in the year (UTC) by units of the subtree (by the receiving discipline office\'s unit)' }) received!: number;
  @Field(() => Int, { description: 'Of those, not yet decided (SUBMITTED or UNDER_REVIEW)' }) pending!: number;
  @Field(() => Int, { description: 'Of those, dismissed (了结)' }) dismissed!: number;
  @Field(() => Int, { description: 'Of those, made a case (已立案)' }) caseOpened!: number;
}

@ObjectType({ description: '案件 opened in the year at units of the subtree' })
class PortraitCases {
  @Field(() => Int, { description: 'Cases opened in the year (UTC) against officials of units of the subtree' }) opened!: number;
  @Field(() => Int, { description: 'Of those, still open' }) open!: number;
  @Field(() => Int, { description: 'Of those, closed (已办结)' }) closed!: number;
}

@ObjectType({ description: '约谈 held in the year by units of the subtree' })
class PortraitInterviews {
  @Field(() => Int, { description: 'Interviews held in the year by units of the subtree' }) held!: number;
  @Field(() => Int, { description: 'Of those, individual (个别约谈)' }) individual!: number;
  @Field(() => Int, { description: 'Of those, collective (集体约谈)' }) collective!: number;
}

@ObjectType({ description: '述责述廉 reports on the year by units of the subtree' })
class PortraitReports {
  @Field(() => Int, { description: 'Written reports on the year (书面报告)' }) written!: number;
  @Field(() => Int, { description: 'Of those, submitted' }) submitted!: number;
  @Field(() => Int, { description: 'Of those, not submitted and past the due day today' }) overdue!: number;
  @Field(() => Int, { description: 'Oral reports on the year (当面述责述廉)' }) oral!: number;
}

@ObjectType({ description: '巡察建议 made in the year to inspected units of the subtree' })
class PortraitSuggestions {
  @Field(() => Int, { description: 'Suggestions made in the year (UTC) to inspection targets at units of the subtree' }) made!: number;
  @Field(() => Int, { description: 'Inspection targets that got one or more of them' }) targets!: number;
}

@ObjectType({ description: 'A leader with RED tasks (names: posts in scope only, never ANALYST)' })
class PortraitLeader {
  officialId!: number;
  @Field(() => Int, { description: 'RED tasks of the year in the subtree the official leads (by any post)' }) red!: number;
  @Field(() => Int, { description: 'Of those, overdue' }) overdue!: number;
}

@ObjectType({ description: '政治生态素描画像: the figures of a unit\'s subtree for a year' })
class Portrait {
  @Field(() => OrgUnit, { description: 'The unit at the top of the subtree' }) unit!: OrgUnit;
  @Field(() => Int, { description: 'The year of the figures' }) year!: number;
}

@ArgsType()
class LeadersArgs {
  @Field(() => Int, { defaultValue: 10, description: 'How many leaders, 1 to 50 (a list, not a connection)' })
  @Min(1)
  @Max(50)
  first!: number;
}

@Resolver(() => Portrait)
export class PortraitResolver {
  @Query(() => Portrait, { description: '政治生态素描画像 of a unit\'s subtree: posts in scope, and ANALYST (figures only)' })
  portrait(
    @Ctx() ctx: Context, @Arg('unitId', () => ID, { description: 'The unit at the top of the subtree' }) unitId: string,
    @Arg('year', () => Int, { description: 'The year of the figures' }) year: number,
  ): Promise<PortraitData> {
    return portraitService.portrait(ctx, unitId, year);
  }

  @Query(() => [Portrait], {
    description: '政治生态素描画像 of each direct subordinate unit of a unit, in name order (those you may read: posts in scope, '
      + 'ANALYST figures only): the figures for all of them cost one statement per section selected',
  })
  portraits(
    @Ctx() ctx: Context, @Arg('parentId', () => ID, { description: 'The unit whose direct subordinates are portrayed' }) parentId: string,
    @Arg('year', () => Int, { description: 'The year of the figures' }) year: number,
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

  @FieldResolver(() => Int, { description: '迟报: progress updates on the year\'s tasks posted after the due day they answered' })
  lateEntries(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitLateEntriesByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitTasks, { description: '重点任务 of the year, with today\'s lights' })
  tasks(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitTasksByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitProblems, { description: '问题 found in the year, and their rectification' })
  problems(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitProblemsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitNotices, { description: '告知书 issued in the year' })
  notices(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitNoticesByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitInspection, { description: '巡察覆盖 in the five-year cycle ending with the year' })
  inspection(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitInspectionByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitAccountability, { description: '问责 decided in the year (current revisions, not revoked)' })
  accountability(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitAccountabilityByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitLetters, { description: '责任书 of the year' })
  letters(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitLettersByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitAssessments, { description: '考核 of the year' })
  assessments(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitAssessmentsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitUrgings, { description: '督办单 issued in the year about the subtree, replied and reply overdue' })
  urgings(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitUrgingsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitLeads, {
    nullable: true, description: '问题线索 received in the year by the subtree (a DISCIPLINE matter: DISCIPLINE in scope only, else null with FORBIDDEN)',
  })
  leads(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitLeadsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitCases, {
    nullable: true, description: '案件 opened in the year in the subtree (a DISCIPLINE matter: DISCIPLINE in scope only, else null with FORBIDDEN)',
  })
  cases(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitCasesByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitInterviews, { description: '约谈 held in the year in the subtree' })
  interviews(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitInterviewsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitReports, { description: '述责述廉 reports on the year in the subtree' })
  reports(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitReportsByUnitYear.load(portraitKey(portrait));
  }

  @FieldResolver(() => PortraitSuggestions, { description: '巡察建议 made in the year to inspected units of the subtree' })
  suggestions(@Root() portrait: PortraitData, @Ctx() ctx: Context) {
    return ctx.loaders.portraitSuggestionsByUnitYear.load(portraitKey(portrait));
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
  portrait(@Root() unit: OrgUnit, @Ctx() ctx: Context, @Arg('year', () => Int, { description: 'The year of the figures' }) year: number): PortraitData | null {
    return portraitService.ofUnit(ctx, unit, year);
  }
}

@Resolver(() => PortraitLeader)
export class PortraitLeaderResolver {
  @FieldResolver(() => Official, { description: 'The responsible leader' })
  official(@Root() leader: PortraitLeader, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(leader.officialId);
  }
}
