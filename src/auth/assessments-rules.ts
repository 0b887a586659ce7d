// Mutation gates of assessments, reports, interviews and risk points: the roles that may
// ever make these writes. The services then check the exact unit (the parent's OFFICE
// or SECRETARY for assessments, the reporter for answers, ...), the record and its state.
// Named rules (shield wants one definition per name), cached per request: they read only the viewer.
import { rule } from 'graphql-shield';
import type { Context } from '../context';
import { AppError } from '../errors';
import { PostRole } from '../schema/enums';

const holdsAnyRole = (name: string, ...roles: PostRole[]) =>
  rule(name, { cache: 'contextual' })((_parent, _args, ctx: Context) =>
    !ctx.viewer
      ? new AppError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>')
      : ctx.viewer.posts.some((p) => roles.includes(p.role)));

/** OFFICE or SECRETARY: assessments of subordinate units, risk points. */
export const isAssessmentKeeper = holdsAnyRole('isAssessmentKeeper', PostRole.OFFICE, PostRole.SECRETARY);

/** SECRETARY: written reports, answers at oral reports. */
export const isReporter = holdsAnyRole('isReporter', PostRole.SECRETARY);

/** OFFICE: schedules the oral reports of subordinate units. */
export const isReportScheduler = holdsAnyRole('isReportScheduler', PostRole.OFFICE);

/** DISCIPLINE: questions at oral reports (询问质询). */
export const isReportQuestioner = holdsAnyRole('isReportQuestioner', PostRole.DISCIPLINE);

/** SECRETARY or DISCIPLINE: interviews (约谈). */
export const isInterviewer = holdsAnyRole('isInterviewer', PostRole.SECRETARY, PostRole.DISCIPLINE);
