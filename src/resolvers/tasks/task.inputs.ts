import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Light, TaskStatus, Visibility } from '../../schema/enums';
import { IsDay, NotBlank, IsYear } from '../../schema/validation';


@InputType({ description: '时间节点: by dueOn the task should reach targetPercent' })
export class MilestoneInput {
  @Field()
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field({ description: 'YYYY-MM-DD' })
  @IsDay()
  dueOn!: string;

  @Field(() => Int, { description: '1 to 100' })
  @Min(1)
  @Max(100)
  targetPercent!: number;
}

@InputType({ description: '佐证材料' })
export class EvidenceInput {
  @Field()
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { nullable: true, description: 'Document number or intranet link' })
  @IsOptional()
  @MaxLength(500)
  reference?: string;
}

@InputType()
export class CreateTaskInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => Int)
  @IsYear()
  year!: number;

  @Field()
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => ID)
  domainId!: string;

  @Field(() => ID, { description: 'A current SECRETARY or TEAM_MEMBER post of the unit (责任领导)' })
  leaderPostId!: string;

  @Field({ description: '牵头科室' })
  @NotBlank()
  @MaxLength(100)
  leadOffice!: string;

  @Field({ description: '工作目标' })
  @NotBlank()
  @MaxLength(4000)
  goal!: string;

  @Field({ description: '具体举措' })
  @NotBlank()
  @MaxLength(4000)
  measures!: string;

  @Field(() => Visibility, { defaultValue: Visibility.INTERNAL })
  visibility!: Visibility;

  @Field(() => [MilestoneInput], { description: 'In date order, targets not decreasing, the last at 100' })
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  milestones!: MilestoneInput[];
}

@InputType({ description: 'Fields to change; the ones left out stay' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  title?: string;

  @Field(() => ID, { nullable: true })
  domainId?: string;

  @Field(() => ID, { nullable: true })
  leaderPostId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(100)
  leadOffice?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(4000)
  goal?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(4000)
  measures?: string;

  @Field(() => Visibility, { nullable: true })
  visibility?: Visibility;
}

@InputType({ description: 'Filters of a unit\'s key tasks; all optional, combined with AND' })
export class UnitTaskFilter {
  @Field(() => Int, { nullable: true })
  year?: number;

  @Field(() => ID, { nullable: true })
  domainId?: string;

  @Field(() => Light, { nullable: true })
  light?: Light;

  @Field(() => TaskStatus, { nullable: true })
  status?: TaskStatus;

  @Field(() => ID, { nullable: true, description: 'The responsible leader\'s post' })
  leaderPostId?: string;

  @Field(() => ID, { nullable: true, description: 'The responsible leader (any of their posts)' })
  leaderOfficialId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Past the final due date without reaching 100 percent (always RED) (or the opposite)' })
  overdue?: boolean;

  @Field(() => Visibility, { nullable: true })
  visibility?: Visibility;
}

@InputType({ description: 'Filters of key tasks; all optional, combined with AND' })
export class TaskFilter extends UnitTaskFilter {
  @Field(() => ID, { nullable: true, description: 'Tasks of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true })
  subtree!: boolean;
}

@InputType()
export class PostProgressInput {
  @Field(() => ID)
  taskId!: string;

  @Field({ description: '进展情况' })
  @NotBlank()
  @MaxLength(4000)
  text!: string;

  @Field(() => Int, { description: '0 to 100' })
  @Min(0)
  @Max(100)
  percent!: number;

  @Field(() => [EvidenceInput], { defaultValue: [] })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  evidence!: EvidenceInput[];
}

@InputType({ description: 'A correction: a new version of the latest update; the old one stays' })
export class CorrectProgressInput {
  @Field(() => ID, { description: 'The update to correct (the task\'s latest)' })
  progressId!: string;

  @Field()
  @NotBlank()
  @MaxLength(4000)
  text!: string;

  @Field(() => Int)
  @Min(0)
  @Max(100)
  percent!: number;

  @Field({ description: 'Why the correction is needed' })
  @NotBlank()
  @MaxLength(500)
  reason!: string;
}

@InputType()
export class RateTaskInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => Int, { description: 'Quarter of the task\'s year, 1 to 4; it must have begun' })
  @Min(1)
  @Max(4)
  quarter!: number;

  @Field(() => Light)
  light!: Light;

  @Field({ description: '评价意见' })
  @NotBlank()
  @MaxLength(2000)
  comment!: string;
}

@InputType()
export class RequestClosureInput {
  @Field(() => ID)
  taskId!: string;

  @Field({ description: '完成情况' })
  @NotBlank()
  @MaxLength(4000)
  summary!: string;

  @Field(() => [EvidenceInput])
  @ArrayMinSize(1, { message: 'A closure request needs at least one piece of evidence' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  evidence!: EvidenceInput[];
}

@InputType()
export class DecideClosureInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => String, { nullable: true, description: 'Required when returning' })
  @IsOptional()
  @MaxLength(1000)
  comment?: string;
}
