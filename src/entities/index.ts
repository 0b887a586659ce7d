// Every entity, for the data source and the migration drift test.
import { Account } from './account.entity';
import { AuditEntry } from './audit-entry.entity';
import { Domain } from './domain.entity';
import { Evidence } from './evidence.entity';
import { Milestone } from './milestone.entity';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';
import { OrgUnitChange } from './org-unit-change.entity';
import { OrgUnitVersion } from './org-unit-version.entity';
import { PostDomain } from './post-domain.entity';
import { Post } from './post.entity';
import { ProgressUpdate } from './progress-update.entity';
import { ResponsibilityItem } from './responsibility-item.entity';
import { ResponsibilityLetter } from './responsibility-letter.entity';
import { ResponsibilityList } from './responsibility-list.entity';
import { NoticeCategory } from './notice-category.entity';
import { Notice } from './notice.entity';
import { NoticeCc } from './notice-cc.entity';
import { NoticeEvent } from './notice-event.entity';
import { Inspection } from './inspection.entity';
import { InspectionGroup } from './inspection-group.entity';
import { InspectionMember } from './inspection-member.entity';
import { InspectionTarget } from './inspection-target.entity';
import { InspectionSuggestion } from './inspection-suggestion.entity';
import { DisciplinaryCase } from './disciplinary-case.entity';
import { Problem } from './problem.entity';
import { RectificationItem } from './rectification-item.entity';
import { Lead } from './lead.entity';
import { AccountabilityRecord } from './accountability-record.entity';
import { AccountabilityRevocation } from './accountability-revocation.entity';
import { RestrictionRule } from './restriction-rule.entity';
import { Assessment } from './assessment.entity';
import { AssessmentItem } from './assessment-item.entity';
import { Report } from './report.entity';
import { ReportQuestion } from './report-question.entity';
import { Interview } from './interview.entity';
import { InterviewParticipant } from './interview-participant.entity';
import { RiskPoint } from './risk-point.entity';
import { ControlMeasure } from './control-measure.entity';
import { TaskClosure } from './task-closure.entity';
import { TaskRating } from './task-rating.entity';
import { Task } from './task.entity';
import { StoredFile } from './stored-file.entity';
import { FileAttachment } from './file-attachment.entity';
import { Notification } from './notification.entity';
import { NotificationDelivery } from './notification-delivery.entity';
import { ScheduledRun } from './scheduled-run.entity';
import { Urging } from './urging.entity';
import { Appeal } from './appeal.entity';
import { ImportBatch, ImportIssue } from './import-batch.entity';
import { SensitiveRead } from './sensitive-read.entity';
import { Hearing } from './hearing.entity';

export {
  Account, AuditEntry, Domain, Evidence, Milestone, Official, OrgUnit, OrgUnitChange, OrgUnitVersion, Post, PostDomain, ProgressUpdate,
  ResponsibilityItem, ResponsibilityLetter, ResponsibilityList, Task, TaskClosure, TaskRating,
  NoticeCategory, Notice, NoticeCc, NoticeEvent, Inspection, InspectionGroup, InspectionMember, InspectionTarget, InspectionSuggestion, DisciplinaryCase, Problem, RectificationItem, Lead, AccountabilityRecord, AccountabilityRevocation, RestrictionRule, Assessment, AssessmentItem, Report, ReportQuestion, Interview, InterviewParticipant, RiskPoint, ControlMeasure, StoredFile, FileAttachment,
  Notification, NotificationDelivery, ScheduledRun, Urging, Appeal, SensitiveRead, ImportBatch,
  Hearing,
};
export { ImportIssue };
export const ENTITIES = [
  StoredFile, FileAttachment, OrgUnit, OrgUnitVersion, OrgUnitChange, Domain, Official, Post, PostDomain, Account, AuditEntry,
  ResponsibilityList, ResponsibilityItem, ResponsibilityLetter, Task, Milestone, ProgressUpdate, TaskRating, TaskClosure, Evidence,
  NoticeCategory, Notice, NoticeCc, NoticeEvent, Inspection, InspectionGroup, InspectionMember, InspectionTarget, InspectionSuggestion, DisciplinaryCase, Problem, RectificationItem, Lead, AccountabilityRecord, AccountabilityRevocation, RestrictionRule, Assessment, AssessmentItem, Report, ReportQuestion, Interview, InterviewParticipant, RiskPoint, ControlMeasure,
  Notification, NotificationDelivery, ScheduledRun, Urging, Appeal, SensitiveRead, ImportBatch,
  Hearing,
];
