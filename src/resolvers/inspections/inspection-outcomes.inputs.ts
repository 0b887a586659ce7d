import { MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { NotBlank } from '../../schema/validation';

@InputType({ description: 'Filters of inspection suggestions (意见建议); all optional, combined with AND' })
export class InspectionSuggestionFilter {
  @Field(() => ID, { nullable: true, description: 'Suggestions of this round' })
  inspectionId?: string;

  @Field(() => ID, { nullable: true, description: 'Suggestions to this target (a round\'s inspected unit)' })
  targetId?: string;

  @Field(() => ID, { nullable: true, description: 'Suggestions to targets at this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => Int, { nullable: true, description: 'Only suggestions of rounds of this year' })
  year?: number;
}

@ArgsType()
export class WaiveInspectionFindingsArgs {
  @Field(() => ID, { description: 'Global id of the round (in RECTIFICATION)' })
  id!: string;

  @Field({ description: '豁免理由: why the round may close with findings that have no rectification item, at most 1,000 characters' })
  @NotBlank()
  @MaxLength(1000)
  reason!: string;
}
