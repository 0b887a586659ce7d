import { ArrayMaxSize, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { DeliveryStatus, NotificationKind } from '../../schema/enums';
import { PageArgs } from '../../schema/pagination';
import { MAX_MARK_IDS } from './notification.service';

@InputType({ description: 'Which of your notifications to list' })
export class NotificationFilter {
  @Field(() => Boolean, { nullable: true, description: 'true: unread only; false: read only; omitted: both' })
  unread?: boolean;

  @Field(() => NotificationKind, { nullable: true, description: 'Only notifications of this kind' })
  kind?: NotificationKind;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: `Your notifications to mark read (at most ${MAX_MARK_IDS}); ids of notifications that are not yours are ignored` })
  @IsOptional()
  @ArrayMaxSize(MAX_MARK_IDS)
  ids?: string[];

  @Field(() => Boolean, { nullable: true, description: 'true: mark all your unread notifications read (instead of ids)' })
  all?: boolean;
}

@ArgsType()
export class NotificationDeliveriesArgs extends PageArgs {
  @Field(() => DeliveryStatus, { nullable: true, description: 'Only deliveries in this status' })
  status?: DeliveryStatus;
}
