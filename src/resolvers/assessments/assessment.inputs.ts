import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { IsDay, NotBlank, IsYear } from '../../schema/validation';

@InputType({ description: 'Filters of assessments; all optional, combined with AND' })
export class AssessmentFilter {
  @Field(() => ID, { nullable: true, description: 'Assessments made by this unit (of its direct subordinates)' })
  assessorUnitId?: string;

  @Field(() => ID, { nullable: true, description: 'The assessment of this unit' })
  unitId?: string;

  @Field(() => Int, { nullable: true, description: 'Only assessments of this year' })
  year?: number;
}

@InputType({ description: '考核项目 of a custom scheme: a name, a weight in percent and a score' })
export class AssessmentItemInput {
  @Field({ description: '项目名称, at most 100 characters' })
  @NotBlank()
  @MaxLength(100)
  name!: string;

  @Field(() => Int, { description: 'Percent of the total; the weights of an assessment sum to 100' })
  @Min(1)
  @Max(100)
  weight!: number;

  @Field(() => Float, { description: '0 to 100, at most two decimals' })
  score!: number;
}

@InputType({ description: 'The annual assessment of a direct subordinate unit, by its parent' })
export class RecordAssessmentInput {
  @Field(() => [AssessmentItemInput], { nullable: true, description: 'A custom scheme; give this or scores' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested()
  items?: AssessmentItemInput[];

  @Field(() => [Float], { nullable: true, description: 'The scores of the default scheme (defaultAssessmentScheme), in its order' })
  @IsOptional()
  scores?: number[];

  @Field(() => ID, { description: 'The assessed unit; its parent is the assessor' })
  unitId!: string;

  @Field(() => Int, { description: '年度, 2000-2100' })
  @IsYear()
  year!: number;

  @Field(() => Boolean, { defaultValue: false, description: '一票否决: the grade is POOR whatever the total' })
  vetoed!: boolean;

  @Field(() => String, { nullable: true, description: 'Required with a veto' })
  @IsOptional()
  @NotBlank()
  @MaxLength(1000)
  vetoReason?: string;

  @Field(() => String, { nullable: true, description: '反馈问题' })
  @IsOptional()
  @NotBlank()
  @MaxLength(10000)
  feedback?: string;

  @Field(() => String, { nullable: true, description: '个性化整改要求' })
  @IsOptional()
  @NotBlank()
  @MaxLength(10000)
  requirements?: string;
}

@InputType({ description: 'Changes to an assessment; what is left out stays as it is' })
export class UpdateAssessmentInput {
  @Field(() => [AssessmentItemInput], { nullable: true, description: 'A custom scheme; give this or scores, or neither to keep the scores' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested()
  items?: AssessmentItemInput[];

  @Field(() => [Float], { nullable: true, description: 'The scores of the default scheme (defaultAssessmentScheme), in its order' })
  @IsOptional()
  scores?: number[];

  @Field(() => Boolean, { nullable: true, description: 'Set (with vetoReason) or lift a veto' })
  vetoed?: boolean;

  @Field(() => String, { nullable: true, description: 'With vetoed: true, or to reword the reason of a veto in force' })
  @IsOptional()
  @NotBlank()
  @MaxLength(1000)
  vetoReason?: string;

  @Field(() => String, { nullable: true, description: '反馈问题' })
  @IsOptional()
  @NotBlank()
  @MaxLength(10000)
  feedback?: string;

  @Field(() => String, { nullable: true, description: '个性化整改要求' })
  @IsOptional()
  @NotBlank()
  @MaxLength(10000)
  requirements?: string;
}

@InputType({ description: '跟踪检查: the day of the check of the rectification and what it found' })
export class AssessmentFollowUpInput {
  @Field({ description: 'YYYY-MM-DD, between the day the assessment was recorded and today' })
  @IsDay()
  followUpOn!: string;

  @Field({ description: '跟踪检查结果, at most 10,000 characters' })
  @NotBlank()
  @MaxLength(10000)
  followUpResult!: string;
}
