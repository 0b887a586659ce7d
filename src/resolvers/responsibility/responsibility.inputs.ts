import { MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LetterIssuer, ResponsibilitySubject } from '../../schema/enums';
import { NotBlank, IsYear } from '../../schema/validation';

@InputType({ description: 'Filters of responsibility lists; all optional, combined with AND' })
export class ResponsibilityListFilter {
  @Field(() => ID, { nullable: true, description: 'Lists of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => Int, { nullable: true, description: 'Only lists for this year' })
  year?: number;

  @Field(() => ResponsibilitySubject, { nullable: true, description: 'Only lists of this subject' })
  subject?: ResponsibilitySubject;
}

@InputType({ description: '责任清单: a new list, one per unit, year and subject' })
export class CreateResponsibilityListInput {
  @Field(() => ID, { description: 'The unit; you hold its OFFICE or SECRETARY post' })
  unitId!: string;

  @Field(() => Int, { description: '年度, 2000-2100' })
  @IsYear()
  year!: number;

  @Field(() => ResponsibilitySubject, { description: '责任主体' })
  subject!: ResponsibilitySubject;

  @Field({ description: '标题, at most 200 characters' })
  @NotBlank()
  @MaxLength(200)
  title!: string;
}

@InputType({ description: 'A local item added at the end of a list' })
export class AddResponsibilityItemInput {
  @Field(() => ID, { description: 'The list' })
  listId!: string;

  @Field({ description: '事项内容' })
  @NotBlank()
  @MaxLength(2000)
  content!: string;
}

@InputType({ description: 'Filters of responsibility letters; all optional, combined with AND' })
export class ResponsibilityLetterFilter {
  @Field(() => ID, { nullable: true, description: 'The issuing unit' })
  unitId?: string;

  @Field(() => Int, { nullable: true, description: 'Only letters for this year' })
  year?: number;

  @Field(() => Boolean, { nullable: true, description: 'Signed (true) or not yet signed (false)' })
  signed?: boolean;
}

@InputType({ description: 'A letter to a team member of the unit (signerPostId) or to a direct subordinate unit (signerUnitId)' })
export class IssueResponsibilityLetterInput {
  @Field(() => ID, { description: 'The issuing unit' })
  unitId!: string;

  @Field(() => Int, { description: '年度, 2000-2100' })
  @IsYear()
  year!: number;

  @Field(() => LetterIssuer, { defaultValue: LetterIssuer.SECRETARY, description: 'SECRETARY: you sign as the unit\'s SECRETARY; COMMITTEE: for the committee (SECRETARY or OFFICE)' })
  issuedBy!: LetterIssuer;

  @Field(() => ID, { nullable: true, description: 'A current TEAM_MEMBER post of the unit' })
  signerPostId?: string;

  @Field(() => ID, { nullable: true, description: 'A direct subordinate unit (its SECRETARY signs)' })
  signerUnitId?: string;

  @Field({ description: '责任内容' })
  @NotBlank()
  @MaxLength(10000)
  content!: string;
}
