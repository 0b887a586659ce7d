import { IsIn, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { NODE_TYPES } from '../../schema/node';

@InputType({ description: 'Filters of the audit log; all optional, combined with AND' })
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'Mutation name, e.g. moveOrgUnit' })
  @IsOptional()
  @MaxLength(60)
  operation?: string;

  @Field(() => String, { nullable: true, description: 'Record type, e.g. OrgUnit' })
  @IsOptional()
  @IsIn(NODE_TYPES as unknown as string[])
  recordType?: string;

  @Field(() => ID, { nullable: true, description: 'Only entries about this record' })
  @IsOptional()
  recordId?: string;

  @Field(() => Date, { nullable: true, description: 'Only entries at or after this time' })
  @IsOptional()
  since?: Date;
}

@InputType({ description: 'Filters of the sensitive-read log; all optional, combined with AND' })
export class SensitiveReadFilter {
  @Field(() => ID, { nullable: true, description: 'Only reads by this official' })
  @IsOptional()
  readerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only reads of this record (an Official, Lead, DisciplinaryCase or AccountabilityRecord)' })
  @IsOptional()
  recordId?: string;

  @Field(() => String, { nullable: true, description: 'Only reads of this field: phone, idNumber, content, concernedOfficial, reason, or "*" (a case)' })
  @IsOptional()
  @MaxLength(40)
  field?: string;

  @Field(() => Date, { nullable: true, description: 'Only reads at or after this time' })
  @IsOptional()
  since?: Date;
}
