// Mutation gates of assessments, reports, interviews and risk points: the roles that may
// ever make these writes. The services then check the exact unit (the parent's OFFICE
// or SECRETARY for assessments, the reporter for answers, ...), the record and its state.
// Named role gates (see roleGate), cached per request: they read only the viewer.
import { PostRole } from '../schema/enums';
import { roleGate } from './rules';

/** OFFICE or SECRETARY: assessments of subordinate units, risk points. */
export const isAssessmentKeeper = roleGate('isAssessmentKeeper', [PostRole.OFFICE, PostRole.SECRETARY]);

/** SECRETARY: written reports, answers at oral reports. */
export const isReporter = roleGate('isReporter', [PostRole.SECRETARY]);

/** OFFICE: schedules the oral reports of subordinate units. */
export const isReportScheduler = roleGate('isReportScheduler', [PostRole.OFFICE]);

/** DISCIPLINE: questions at oral reports (询问质询); at a hearing its unit's members (SECRETARY, TEAM_MEMBER) ask too. */
export const isReportQuestioner = roleGate('isReportQuestioner', [PostRole.DISCIPLINE, PostRole.SECRETARY, PostRole.TEAM_MEMBER]);

/** SECRETARY or DISCIPLINE: interviews (约谈). */
export const isInterviewer = roleGate('isInterviewer', [PostRole.SECRETARY, PostRole.DISCIPLINE]);
