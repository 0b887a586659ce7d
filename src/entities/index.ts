// Every entity, for the data source and the migration drift test.
import { Account } from './account.entity';
import { AuditEntry } from './audit-entry.entity';
import { Domain } from './domain.entity';
import { Evidence } from './evidence.entity';
import { Milestone } from './milestone.entity';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';
import { PostDomain } from './post-domain.entity';
import { Post } from './post.entity';
import { ProgressUpdate } from './progress-update.entity';
import { ResponsibilityItem } from './responsibility-item.entity';
import { ResponsibilityLetter } from './responsibility-letter.entity';
import { ResponsibilityList } from './responsibility-list.entity';
import { TaskClosure } from './task-closure.entity';
import { TaskRating } from './task-rating.entity';
import { Task } from './task.entity';

export {
  Account, AuditEntry, Domain, Evidence, Milestone, Official, OrgUnit, Post, PostDomain, ProgressUpdate,
  ResponsibilityItem, ResponsibilityLetter, ResponsibilityList, Task, TaskClosure, TaskRating,
};
export const ENTITIES = [
  OrgUnit, Domain, Official, Post, PostDomain, Account, AuditEntry,
  ResponsibilityList, ResponsibilityItem, ResponsibilityLetter, Task, Milestone, ProgressUpdate, TaskRating, TaskClosure, Evidence,
];
