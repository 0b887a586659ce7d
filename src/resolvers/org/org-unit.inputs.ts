import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { UnitLevel } from '../../schema/enums';
import { NotBlank } from '../../schema/validation';

@InputType({ description: 'Filters of orgUnits; all optional, combined with AND' })
export class OrgUnitFilter {
  @Field(() => UnitLevel, { nullable: true })
  level?: UnitLevel;

  @Field(() => ID, { nullable: true, description: 'Only this unit and the units below it' })
  under?: string;

  @Field(() => String, { nullable: true, description: 'Name contains this text' })
  @IsOptional()
  @MaxLength(100)
  nameContains?: string;

  @Field(() => Boolean, { nullable: true, description: "Only units in the scope of the viewer's current posts" })
  inMyScope?: boolean;
}

@InputType()
export class CreateOrgUnitInput {
  @Field(() => ID, { description: 'The parent unit, exactly one tier above' })
  parentId!: string;

  @Field()
  @NotBlank()
  @MaxLength(100)
  name!: string;

  @Field(() => UnitLevel)
  level!: UnitLevel;
}
