import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { UnitKind, UnitLevel } from '../../schema/enums';
import { IsDay, NotBlank } from '../../schema/validation';

@InputType({ description: 'Filters of orgUnits; all optional, combined with AND' })
export class OrgUnitFilter {
  @Field(() => UnitLevel, { nullable: true, description: 'Only units of this tier' })
  level?: UnitLevel;

  @Field(() => UnitKind, { nullable: true, description: 'Only units of this kind (departments, enterprises, ...)' })
  kind?: UnitKind;

  @Field(() => Boolean, { nullable: true, description: 'Also closed and merged units (today\'s tree only; a past day shows the units open that day)' })
  includeClosed?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only this unit and the units below it' })
  under?: string;

  @Field(() => String, { nullable: true, description: 'Name contains this text' })
  @IsOptional()
  @MaxLength(100)
  nameContains?: string;

  @Field(() => Boolean, { nullable: true, description: "Only units in the scope of the viewer's current posts" })
  inMyScope?: boolean;
}

@InputType({ description: '设立: a new unit under a parent' })
export class CreateOrgUnitInput {
  @Field(() => ID, { description: 'The parent unit, exactly one tier above' })
  parentId!: string;

  @Field({ description: '名称, at most 100 characters' })
  @NotBlank()
  @MaxLength(100)
  name!: string;

  @Field(() => UnitLevel, { nullable: true, description: 'The tier below the parent (checked when given)' })
  level?: UnitLevel | null;

  @Field(() => UnitKind, { nullable: true, description: 'AREA when omitted; a department, enterprise or institution hangs under a city, district or street' })
  kind?: UnitKind | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the unit exists from (today when omitted; at most ZEREN_TREE_BACKDATE_DAYS back)' })
  @IsOptional()
  @IsDay()
  effectiveOn?: string | null;
}

@InputType({ description: 'A change to the tree dated as it took effect' })
export class TreeChangeInput {
  @Field(() => ID, { description: 'The unit' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD it took effect (today when omitted; at most ZEREN_TREE_BACKDATE_DAYS back, never before a change already recorded)' })
  @IsOptional()
  @IsDay()
  effectiveOn?: string | null;
}

@InputType({ description: '撤并: close a unit into a successor of its tier and kind' })
export class MergeOrgUnitInput extends TreeChangeInput {
  @Field(() => ID, { description: 'The successor: it and its ancestors see the merged unit\'s records from now on' })
  successorId!: string;
}

@InputType({ description: '拆分: new units beside a unit, split from it' })
export class SplitOrgUnitInput extends TreeChangeInput {
  @Field(() => [String], { description: 'Names of the new units' })
  @NotBlank({ each: true })
  @MaxLength(100, { each: true })
  names!: string[];
}
