import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Light, TaskStatus, Visibility } from '../../schema/enums';
import { IsDay, NotBlank, IsYear } from '../../schema/validation';


@InputType({ description: '时间节点: by dueOn the task should reach targetPercent' })
export class MilestoneInput {
  @Field({ description: '节点名称, at most 200 characters' })
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
  @Field({ description: '材料名称, at most 200 characters' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { nullable: true, description: 'Document number or intranet link' })
  @IsOptional()
  @MaxLength(500)
  reference?: string;

  @Field(() => ID, { nullable: true, description: 'A file you uploaded with POST /files (its id): a photo or a scan, kept with the evidence' })
  @IsOptional()
  fileId?: string | null;
}

@InputType({ description: '重点任务: a new key task with its milestones' })
export class CreateTaskInput {
  @Field(() => ID, { description: 'The unit; you hold its OFFICE or SECRETARY post' })
  unitId!: string;

  @Field(() => Int, { description: '年度, 2000-2100; no milestone may be due before it begins' })
  @IsYear()
  year!: number;

  @Field({ description: '任务名称, at most 200 characters' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => ID, { description: '领域' })
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

  @Field(() => Visibility, { defaultValue: Visibility.INTERNAL, description: '公开范围' })
  visibility!: Visibility;

  @Field(() => [MilestoneInput], { description: 'In date order, targets not decreasing, the last at 100' })
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  milestones!: MilestoneInput[];
}

@InputType({ description: 'Fields to change; the ones left out stay' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true, description: '任务名称, at most 200 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  title?: string;

  @Field(() => ID, { nullable: true, description: '领域' })
  domainId?: string;

  @Field(() => ID, { nullable: true, description: '责任领导: a current SECRETARY or TEAM_MEMBER post of the unit' })
  leaderPostId?: string;

  @Field(() => String, { nullable: true, description: '牵头科室, at most 100 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(100)
  leadOffice?: string;

  @Field(() => String, { nullable: true, description: '工作目标, at most 4,000 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(4000)
  goal?: string;

  @Field(() => String, { nullable: true, description: '具体举措, at most 4,000 characters' })
  @IsOptional()
  @NotBlank()
  @MaxLength(4000)
  measures?: string;

  @Field(() => Visibility, { nullable: true, description: '公开范围' })
  visibility?: Visibility;
}

@InputType({ description: 'Filters of a unit\'s key tasks; all optional, combined with AND' })
export class UnitTaskFilter {
  @Field(() => Int, { nullable: true, description: 'Only tasks for this year' })
  year?: number;

  @Field(() => ID, { nullable: true, description: 'Only tasks of this domain (领域)' })
  domainId?: string;

  @Field(() => Light, { nullable: true, description: 'Only tasks showing this light today' })
  light?: Light;

  @Field(() => TaskStatus, { nullable: true, description: 'Only tasks in this status' })
  status?: TaskStatus;

  @Field(() => ID, { nullable: true, description: 'The responsible leader\'s post' })
  leaderPostId?: string;

  @Field(() => ID, { nullable: true, description: 'The responsible leader (any of their posts)' })
  leaderOfficialId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Past the final due date without reaching 100 percent (always RED) (or the opposite)' })
  overdue?: boolean;

  @Field(() => Int, { nullable: true, description: 'Due soon (临期): not yet overdue, and due within this many days from today (0: today); at most 366' })
  @IsOptional()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;


  @Field(() => Visibility, { nullable: true, description: 'Only PUBLIC or only INTERNAL tasks' })
  visibility?: Visibility;
}

@InputType({ description: 'Filters of key tasks; all optional, combined with AND' })
export class TaskFilter extends UnitTaskFilter {
  @Field(() => ID, { nullable: true, description: 'Tasks of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;
}

@InputType({ description: '进展: a progress update by the responsible leader' })
export class PostProgressInput {
  @Field(() => ID, { description: 'The task (in progress)' })
  taskId!: string;

  @Field({ description: '进展情况' })
  @NotBlank()
  @MaxLength(4000)
  text!: string;

  @Field(() => Int, { description: '0 to 100' })
  @Min(0)
  @Max(100)
  percent!: number;

  @Field(() => [EvidenceInput], { defaultValue: [], description: '佐证材料, at most 20' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  evidence!: EvidenceInput[];
}

@InputType({ description: 'A correction: a new version of the latest update; the old one stays' })
export class CorrectProgressInput {
  @Field(() => ID, { description: 'The update to correct (the task\'s latest)' })
  progressId!: string;

  @Field({ description: '进展情况: the corrected text, at most 4,000 characters' })
  @NotBlank()
  @MaxLength(4000)
  text!: string;

  @Field(() => Int, { description: 'The corrected percent, 0 to 100' })
  @Min(0)
  @Max(100)
  percent!: number;

  @Field({ description: 'Why the correction is needed' })
  @NotBlank()
  @MaxLength(500)
  reason!: string;
}

@InputType({ description: '季度评价: the quarterly rating of a task by the unit\'s DISCIPLINE' })
export class RateTaskInput {
  @Field(() => ID, { description: 'The task' })
  taskId!: string;

  @Field(() => Int, { description: 'Quarter of the task\'s year, 1 to 4; it must have begun' })
  @Min(1)
  @Max(4)
  quarter!: number;

  @Field(() => Light, { description: 'The light given (may differ from the computed one)' })
  light!: Light;

  @Field({ description: '评价意见' })
  @NotBlank()
  @MaxLength(2000)
  comment!: string;
}

@InputType({ description: '销号申请: the responsible leader asks to close a task at 100 percent' })
export class RequestClosureInput {
  @Field(() => ID, { description: 'The task' })
  taskId!: string;

  @Field({ description: '完成情况' })
  @NotBlank()
  @MaxLength(4000)
  summary!: string;

  @Field(() => [EvidenceInput], { description: '佐证材料, 1 to 20' })
  @ArrayMinSize(1, { message: 'A closure request needs at least one piece of evidence' })
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  evidence!: EvidenceInput[];
}

@InputType({ description: 'A SECRETARY\'s decision on the pending closure request of a task' })
export class DecideClosureInput {
  @Field(() => ID, { description: 'The task, with a pending closure request' })
  taskId!: string;

  @Field(() => String, { nullable: true, description: 'Required when returning' })
  @IsOptional()
  @MaxLength(1000)
  comment?: string;
}
