import { MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LetterIssuer, ResponsibilitySubject } from '../../schema/enums';
import { NotBlank, IsYear } from '../../schema/validation';

@InputType({ description: 'Filters of responsibility lists; all optional, combined with AND' })
export class ResponsibilityListFilter {
  @Field(() => ID, { nullable: true, description: 'Lists of this unit (and below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true })
  subtree!: boolean;

  @Field(() => Int, { nullable: true })
  year?: number;

  @Field(() => ResponsibilitySubject, { nullable: true })
  subject?: ResponsibilitySubject;
}

@InputType()
export class CreateResponsibilityListInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => Int)
  @IsYear()
  year!: number;

  @Field(() => ResponsibilitySubject)
  subject!: ResponsibilitySubject;

  @Field()
  @NotBlank()
  @MaxLength(200)
  title!: string;
}

@InputType()
export class AddResponsibilityItemInput {
  @Field(() => ID)
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

  @Field(() => Int, { nullable: true })
  year?: number;

  @Field(() => Boolean, { nullable: true, description: 'Signed (true) or not yet signed (false)' })
  signed?: boolean;
}

@InputType({ description: 'A letter to a team member of the unit (signerPostId) or to a direct subordinate unit (signerUnitId)' })
export class IssueResponsibilityLetterInput {
  @Field(() => ID, { description: 'The issuing unit' })
  unitId!: string;

  @Field(() => Int)
  @IsYear()
  year!: number;

  @Field(() => LetterIssuer, { defaultValue: LetterIssuer.SECRETARY })
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
