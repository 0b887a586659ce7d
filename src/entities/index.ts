// Every entity, for the data source and the migration drift test.
import { Account } from './account.entity';
import { AuditEntry } from './audit-entry.entity';
import { Domain } from './domain.entity';
import { Official } from './official.entity';
import { OrgUnit } from './org-unit.entity';
import { PostDomain } from './post-domain.entity';
import { Post } from './post.entity';

export { Account, AuditEntry, Domain, Official, OrgUnit, Post, PostDomain };
export const ENTITIES = [OrgUnit, Domain, Official, Post, PostDomain, Account, AuditEntry];
