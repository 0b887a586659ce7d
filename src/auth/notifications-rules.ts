// Shield rules of notifications. A notification is its recipient's alone: that is row
// scope (notificationService.visible). The webhook outbox is ADMIN of a city's.
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import { AppError, SIGN_IN_FIRST } from '../errors';
import { PostRole, UnitLevel } from '../schema/enums';

/** ADMIN at a city (not of a district below it): the outbox's deliveries of that city. */
export const isCityAdmin = rule('isCityAdmin', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  !ctx.viewer
    ? new AppError('UNAUTHENTICATED', SIGN_IN_FIRST)
    : ctx.viewer.posts.some((p) => p.role === PostRole.ADMIN && p.unitLevel === UnitLevel.CITY));
