// Inspection outcomes (issue 13, point 4): leads by round and target, suggestions as a
// filterable connection with counts, and OFFICE's waiver of findings without a rectification item.
import { Arg, Args, Ctx, Field, FieldResolver, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Inspection, InspectionSuggestion, InspectionTarget, Lead, Official } from '../../entities';
import { ConnectionType, PageArgs } from '../../schema/pagination';
import { InspectionSuggestionFilter, WaiveInspectionFindingsArgs } from './inspection-outcomes.inputs';
import { inspectionOutcomeService, leadOrigin, type InspectionWaiver as Waiver } from './inspection-outcomes.service';

const InspectionSuggestionConnection = ConnectionType(InspectionSuggestion);

@ObjectType({ description: '豁免: the inspecting unit\'s OFFICE let the round close with findings that have no rectification item' })
export class InspectionWaiver {
  @Field({ description: '豁免理由' })
  reason!: string;

  @Field({ description: 'When it was waived (server time)' })
  waivedAt!: Date;

  @Field(() => Int, { description: 'How many findings had no rectification item when it was waived' })
  findings!: number;

  waivedByOfficialId!: number;
}

@Resolver(() => Inspection)
export class InspectionOutcomeResolver {
  @Query(() => InspectionSuggestionConnection, {
    description: '意见建议 to the inspection targets you see (the inspecting side: every target of its rounds); newest first',
  })
  inspectionSuggestions(
    @Ctx() ctx: Context, @Args() page: PageArgs,
    @Arg('filter', () => InspectionSuggestionFilter, { nullable: true, description: 'Every suggestion you see when omitted' }) filter?: InspectionSuggestionFilter,
  ) {
    return inspectionOutcomeService.suggestions(ctx, filter, page);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: '问题线索 the round sent to the inspecting unit that you read in full (DISCIPLINE of the inspecting unit or above only)',
  })
  leadCount(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return ctx.loaders.leadCountOfInspection.load({ ctx, id: inspection.id });
  }

  @FieldResolver(() => Int, { description: '意见建议 given to the targets you see' })
  suggestionCount(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return inspectionOutcomeService.suggestionCount(ctx, inspection);
  }

  @FieldResolver(() => Int, { description: 'Findings at the targets you see that have no rectification item yet (the round closes without them only when waived)' })
  findingsWithoutItems(@Root() inspection: Inspection, @Ctx() ctx: Context) {
    return inspectionOutcomeService.findingsWithoutItems(ctx, inspection);
  }

  @FieldResolver(() => InspectionWaiver, { nullable: true, description: 'OFFICE\'s waiver of the findings without a rectification item; null when none was given' })
  rectificationWaiver(@Root() inspection: Inspection): Waiver | null {
    return inspectionOutcomeService.waiver(inspection);
  }

  @Mutation(() => Inspection, {
    description: 'OFFICE (巡察办) of the inspecting unit, in RECTIFICATION: let the round close although findings have no rectification item, with a reason (once, audited)',
  })
  waiveInspectionFindings(@Ctx() ctx: Context, @Args() { id, reason }: WaiveInspectionFindingsArgs) {
    return inspectionOutcomeService.waive(ctx, id, reason);
  }
}

@Resolver(() => InspectionWaiver)
export class InspectionWaiverResolver {
  @FieldResolver(() => Official, { description: 'The OFFICE official who waived them' })
  waivedBy(@Root() waiver: Waiver, @Ctx() ctx: Context) {
    return ctx.loaders.officialById.load(waiver.waivedByOfficialId);
  }
}

@Resolver(() => InspectionTarget)
export class InspectionTargetOutcomeResolver {
  @FieldResolver(() => Int, { description: '意见建议 given to this target' })
  suggestionCount(@Root() target: InspectionTarget, @Ctx() ctx: Context) {
    return inspectionOutcomeService.targetSuggestionCount(ctx, target);
  }
}

@Resolver(() => Lead)
export class LeadOriginResolver {
  @FieldResolver(() => Inspection, { nullable: true, description: 'The inspection round it was reported from (an INSPECTOR\'s lead), if you see the round' })
  inspection(@Root() lead: Lead, @Ctx() ctx: Context) {
    return leadOrigin.inspection(ctx, lead);
  }

  @FieldResolver(() => InspectionTarget, { nullable: true, description: 'The target (inspected unit) of that round it was reported on, if you see it' })
  target(@Root() lead: Lead, @Ctx() ctx: Context) {
    return leadOrigin.target(ctx, lead);
  }
}
