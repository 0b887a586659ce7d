import { ArrayMaxSize, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { PostRole } from '../../schema/enums';
import { IsDay, NotBlank } from '../../schema/validation';

@InputType({ description: 'Filters of officials; all optional, combined with AND' })
export class OfficialFilter {
  @Field(() => ID, { nullable: true, description: 'Officials whose home unit is this unit (or below it, with subtree)' })
  unitId?: string;

  @Field(() => Boolean, { nullable: true, description: 'With unitId: include the units below it' })
  subtree?: boolean;

  @Field(() => PostRole, { nullable: true, description: 'Officials holding a current post of this role' })
  role?: PostRole;

  @Field(() => String, { nullable: true, description: 'Name contains this text' })
  @IsOptional()
  @MaxLength(60)
  nameContains?: string;
}

@InputType({ description: 'A new official in a unit\'s directory' })
export class CreateOfficialInput {
  @Field(() => ID, { description: 'Home unit: the directory that lists the official' })
  unitId!: string;

  @Field({ description: '姓名, at most 60 characters' })
  @NotBlank()
  @MaxLength(60)
  name!: string;

  @Field({ description: '职务' })
  @NotBlank()
  @MaxLength(100)
  title!: string;

  @Field(() => String, { nullable: true, description: '电话: 5-30 digits, spaces, + and -' })
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,30}$/, { message: 'phone may hold digits, spaces, + and - (5 to 30)' })
  phone?: string;

  @Field(() => String, { nullable: true, description: '18-character resident ID number' })
  @IsOptional()
  @Matches(/^\d{17}[\dX]$/, { message: 'idNumber must be 17 digits followed by a digit or X' })
  idNumber?: string;
}

/** A post's role, domains and period (the fields of CreatePostInput and of an onboarding's posts). */
@InputType({ description: 'A post\'s role, domains and period' })
export abstract class PostTermsInput {
  @Field(() => PostRole, { description: '岗位角色' })
  role!: PostRole;

  @Field(() => [ID], { defaultValue: [], description: 'Domains in charge (分管领域); TEAM_MEMBER posts only' })
  @ArrayMaxSize(30)
  domainIds!: string[];

  @Field({ description: 'First day (YYYY-MM-DD)' })
  @IsDay()
  since!: string;

  @Field(() => String, { nullable: true, description: 'Last day (YYYY-MM-DD), if already known' })
  @IsOptional()
  @IsDay()
  until?: string;
}

@InputType({ description: '任职: an official appointed to a post at a unit' })
export class CreatePostInput extends PostTermsInput {
  @Field(() => ID, { description: 'The official' })
  officialId!: string;

  @Field(() => ID, { description: 'The unit, in the official\'s city' })
  unitId!: string;
}

/** A sign-in's username and password (the fields of CreateAccountInput and of an onboarding's account). */
@InputType({ description: 'A username and password' })
export abstract class AccountCredentialsInput {
  @Field({ description: '用户名: 3-60 lower-case letters, digits, dot, dash or underscore' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,59}$/, { message: 'username must be 3-60 lower-case letters, digits, dot, dash or underscore' })
  username!: string;

  @Field({ description: 'At least 10 characters' })
  @MinLength(10)
  @MaxLength(200)
  password!: string;
}

@InputType({ description: 'A sign-in account for an official (one per official)' })
export class CreateAccountInput extends AccountCredentialsInput {
  @Field(() => ID, { description: 'The official' })
  officialId!: string;
}
