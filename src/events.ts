// The in-process event bus behind subscriptions: services publish after their
// transaction commits; subscribers re-read the record through the scoped services.
// One process only: several instances would need a shared bus (e.g. Redis pub/sub).
import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';

export interface TaskChanged {
  readonly taskId: number;
}

export interface NoticeChanged {
  readonly noticeId: number;
}

/** A notification was created for an official (only they hear of it). */
export interface NotificationAdded {
  readonly notificationId: number;
  readonly officialId: number;
}

// Every subscription group listens on this target: no listener limit (a warning past 10 otherwise).
const target = new EventTarget();
setMaxListeners(0, target);

export const events = createPubSub<{
  taskChanged: [TaskChanged]; noticeChanged: [NoticeChanged]; notificationAdded: [NotificationAdded];
}>({ eventTarget: target });
