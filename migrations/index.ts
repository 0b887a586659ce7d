// All migrations in order; the data source and the CLI read this list.
import { Foundation1767225600000 } from './1767225600000-Foundation';
import { ReferenceDomains1767225600001 } from './1767225600001-ReferenceDomains';
import { Responsibility1767225600002 } from './1767225600002-Responsibility';
import { Supervision1767225600003 } from './1767225600003-Supervision';
import { ScopeIndexes1767225600004 } from './1767225600004-ScopeIndexes';
import { OrgModel1767225600005 } from './1767225600005-OrgModel';
import { IssuerUnits1767225600006 } from './1767225600006-IssuerUnits';
import { SessionVersions1767225600007 } from './1767225600007-SessionVersions';
import { EvidenceFiles1767225600008 } from './1767225600008-EvidenceFiles';
import { FileAttachments1767225600009 } from './1767225600009-FileAttachments';
import { LateEntries1767225600010 } from './1767225600010-LateEntries';
import { Notifications1767225600011 } from './1767225600011-Notifications';
import { Urgings1767225600012 } from './1767225600012-Urgings';
import { Appeals1767225600013 } from './1767225600013-Appeals';
import { SensitiveReads1767225600014 } from './1767225600014-SensitiveReads';
import { NoticeProblems1767225600015 } from './1767225600015-NoticeProblems';
import { Hearings1767225600016 } from './1767225600016-Hearings';
import { InspectionOutcomes1767225600017 } from './1767225600017-InspectionOutcomes';
import { Imports1767225600019 } from './1767225600019-Imports';
import { ProblemFoundOn1767225600020 } from './1767225600020-ProblemFoundOn';
import { CityKeys1767225600021 } from './1767225600021-CityKeys';
import { TaskPages1767225600022 } from './1767225600022-TaskPages';

export const MIGRATIONS = [Foundation1767225600000, ReferenceDomains1767225600001, Responsibility1767225600002, Supervision1767225600003, ScopeIndexes1767225600004, OrgModel1767225600005, IssuerUnits1767225600006, SessionVersions1767225600007, EvidenceFiles1767225600008, FileAttachments1767225600009, LateEntries1767225600010, Notifications1767225600011, Urgings1767225600012, Appeals1767225600013, SensitiveReads1767225600014, NoticeProblems1767225600015, Hearings1767225600016, InspectionOutcomes1767225600017, Imports1767225600019, ProblemFoundOn1767225600020, CityKeys1767225600021, TaskPages1767225600022];
