import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { UrgingSubject } from '../../schema/enums';
import { IsDay, NotBlank } from '../../schema/validation';
import { MAX_TEXT } from '../notices/notice.inputs';

@InputType({ description: '督办: urge the post answering for an overdue or RED record (DISCIPLINE in scope, or the OFFICE or SECRETARY of a unit above)' })
export class UrgeInput {
  @Field(() => ID, { description: 'The record urged: a Task (RED or overdue), a Notice (overdue) or a RectificationItem (open past its deadline)' })
  recordId!: string;

  @Field({ description: '督办内容 What you ask for, at most 10,000 characters' })
  @NotBlank()
  @MaxLength(MAX_TEXT)
  content!: string;

  @Field(() => String, {
    nullable: true,
    description: '回复期限 The day the reply is due (YYYY-MM-DD): from today to today + 30; by default today + ZEREN_URGING_REPLY_DAYS (7)',
  })
  @IsOptional()
  @IsDay()
  replyDueOn?: string;
}

@InputType({ description: 'Filters of urgings; all optional, combined with AND' })
export class UrgingFilter {
  @Field(() => ID, { nullable: true, description: 'Urgings about records of this unit (and the units below it, unless subtree is false)' })
  unitId?: string;

  @Field(() => Boolean, { defaultValue: true, description: 'With unitId: include the units below it' })
  subtree!: boolean;

  @Field(() => Boolean, { nullable: true, description: 'true: not yet replied to; false: replied to' })
  open?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'true: the reply is overdue (none and past replyDueOn) or came late; false: the opposite' })
  replyOverdue?: boolean;

  @Field(() => UrgingSubject, { nullable: true, description: 'Only urgings of this kind of record' })
  subject?: UrgingSubject;

  @Field(() => ID, { nullable: true, description: 'Only urgings addressed to this post (the post that must reply)' })
  urgedPostId?: string;
}

@ArgsType()
export class ReplyToUrgingArgs {
  @Field(() => ID, { description: 'Global id of the urging (addressed to your post, not yet replied to)' })
  id!: string;

  @Field({ description: '回复 What was done, at most 10,000 characters; given once' })
  @NotBlank()
  @MaxLength(MAX_TEXT)
  reply!: string;
}
