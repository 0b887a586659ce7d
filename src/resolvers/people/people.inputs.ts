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

@InputType()
export class CreateOfficialInput {
  @Field(() => ID, { description: 'Home unit: the directory that lists the official' })
  unitId!: string;

  @Field()
  @NotBlank()
  @MaxLength(60)
  name!: string;

  @Field({ description: '职务' })
  @NotBlank()
  @MaxLength(100)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[0-9+\- ]{5,30}$/, { message: 'phone may hold digits, spaces, + and - (5 to 30)' })
  phone?: string;

  @Field(() => String, { nullable: true, description: '18-character resident ID number' })
  @IsOptional()
  @Matches(/^\d{17}[\dX]$/, { message: 'idNumber must be 17 digits followed by a digit or X' })
  idNumber?: string;
}

@InputType()
export class CreatePostInput {
  @Field(() => ID)
  officialId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => PostRole)
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

@InputType()
export class CreateAccountInput {
  @Field(() => ID)
  officialId!: string;

  @Field()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,59}$/, { message: 'username must be 3-60 lower-case letters, digits, dot, dash or underscore' })
  username!: string;

  @Field({ description: 'At least 10 characters' })
  @MinLength(10)
  @MaxLength(200)
  password!: string;
}
