// Who takes each step of a record's life cycle (domain.md sections 5 and 6), declared
// once (actor.ts): the services check the record at hand with allows() before they write,
// and the viewer's work items (待办, src/resolvers/work) select the records a step waits
// on with sql() from the same declaration. The state a step needs stays with its service.
import { inPeriodSql } from '../clock';
import { PostRole } from '../schema/enums';
import { allOf, anyOf, coversUnit, holdsPost, holdsRoleAt, isNotViewer, isNull, type Actor } from './actor';
import { KEEPER_ROLES } from './scope';

// ---- responsibility letters (责任书)

export interface LetterFacts {
  readonly signerPostId: number | null;
  readonly signerUnitId: number;
}

/** The holder of the signing post; a letter to a unit is signed by that unit's SECRETARY. */
export const SIGNS_LETTER: Actor<LetterFacts> = anyOf(
  holdsPost('signerPostId'), allOf(isNull('signerPostId'), holdsRoleAt('signerUnitId', [PostRole.SECRETARY])),
);

// ---- key tasks (重点任务)

export interface TaskFacts {
  readonly unitId: number;
  readonly leaderPostId: number;
}

/** The responsible leader (the official holding the task's leader post): posts progress, asks for closure. */
export const LEADS_TASK: Actor<TaskFacts> = holdsPost('leaderPostId');

/** The DISCIPLINE post of the task's unit rates it once a quarter. */
export const RATES_TASK: Actor<TaskFacts> = holdsRoleAt('unitId', [PostRole.DISCIPLINE]);

export interface TaskUnitFacts {
  readonly unitPath: string;
  readonly unitCityId: number;
}

/** A closure is decided by a SECRETARY of the task's unit or above ... */
export const DECIDES_CLOSURES: Actor<TaskUnitFacts> = coversUnit('unitPath', 'unitCityId', [PostRole.SECRETARY]);

/** ... never by the official who asked for it (销号: asked and decided by different people). */
export const NOT_THE_REQUESTER: Actor<{ readonly requestedByOfficialId: number }> = isNotViewer('requestedByOfficialId');

// ---- notices (告知书): the actor of each step of noticeService's STEPS

export interface NoticeFacts {
  readonly unitId: number;
  readonly recipientPostId: number;
}

export type NoticeActor = PostRole.DISCIPLINE | PostRole.SECRETARY | PostRole.OFFICE | 'RECIPIENT';

/** The issuing unit's DISCIPLINE (drafts, submits), SECRETARY (approves), OFFICE (issues, closes); the recipient reports. */
export const NOTICE_ACTORS: Readonly<Record<NoticeActor, Actor<NoticeFacts>>> = {
  [PostRole.DISCIPLINE]: holdsRoleAt('unitId', [PostRole.DISCIPLINE]),
  [PostRole.SECRETARY]: holdsRoleAt('unitId', [PostRole.SECRETARY]),
  [PostRole.OFFICE]: holdsRoleAt('unitId', [PostRole.OFFICE]),
  RECIPIENT: holdsPost('recipientPostId'),
};

// ---- rectification (整改)

export interface RectificationFacts {
  readonly ownerPostId: number;
  /** The problem's unit. */
  readonly unitId: number;
}

/** An item outside an inspection is closed (销号) by its owner or by the SECRETARY of the problem's unit. */
export const CLOSES_ITEM: Actor<RectificationFacts> = anyOf(holdsPost('ownerPostId'), holdsRoleAt('unitId', [PostRole.SECRETARY]));

/** 双审, first approval: the principal (SECRETARY) of the problem's unit. */
export const APPROVES_AS_PRINCIPAL: Actor<RectificationFacts> = holdsRoleAt('unitId', [PostRole.SECRETARY]);

/**
 * 双审, second approval, as a condition on a post (alias `post`): a current TEAM_MEMBER post
 * of the parent unit in charge of the problem's domain or, when the parent has none, the
 * parent's current SECRETARY: the leader in charge one tier up. `parentUnit` and `domain` are
 * SQL expressions (a parameter, or a column of the caller's query); `:<dayParam>` is today.
 */
export function supervisorPostSql(post: string, parentUnit: string, domain: string, dayParam: string): string {
  const inCharge = (p: string): string =>
    `${p}.role = '${PostRole.TEAM_MEMBER}' AND EXISTS (SELECT 1 FROM post_domain ${p}d WHERE ${p}d.postId = ${p}.id AND ${p}d.domainId = ${domain})`;
  const other = `${post}x`;
  return `(${post}.unitId = ${parentUnit} AND ${inPeriodSql(post, dayParam)} AND ((${inCharge(post)})`
    + ` OR (${post}.role = '${PostRole.SECRETARY}' AND NOT EXISTS (SELECT 1 FROM post ${other} WHERE ${other}.unitId = ${parentUnit}`
    + ` AND ${inPeriodSql(other, dayParam)} AND ${inCharge(other)}))))`;
}

// ---- written and oral reports (述责述廉)

/** The unit's SECRETARY drafts, writes and submits its written report. */
export const WRITES_REPORT: Actor<{ readonly unitId: number }> = holdsRoleAt('unitId', [PostRole.SECRETARY]);

/** The reporter answers the questions of an oral report. */
export const ANSWERS_QUESTIONS: Actor<{ readonly reporterPostId: number }> = holdsPost('reporterPostId');

// ---- hearings (述责述廉 会议): a session at a unit, each reporter's part an ORAL report

/** The hearing's unit (`unitId`) and, for a part, its reporter (`reporterOfficialId`). */
export interface HearingFacts {
  readonly unitId: number;
  readonly reporterOfficialId: number;
}

/**
 * The hearing unit's OFFICE (arranges the session) or DISCIPLINE (纪委全会: the plenary is
 * the discipline commission's): schedules, adds reporters, marks it held, closes it.
 */
export const ORGANISES_HEARING: Actor<Pick<HearingFacts, 'unitId'>> = holdsRoleAt('unitId', [PostRole.OFFICE, PostRole.DISCIPLINE]);

/**
 * 询问质询 at a hearing: the hearing unit's DISCIPLINE and its members (SECRETARY, TEAM_MEMBER),
 * never the part's own reporter (no one questions themselves).
 */
export const QUESTIONS_AT_HEARING: Actor<HearingFacts> = allOf(
  holdsRoleAt('unitId', [PostRole.DISCIPLINE, PostRole.SECRETARY, PostRole.TEAM_MEMBER]), isNotViewer('reporterOfficialId'),
);

/** 测评: the hearing unit's DISCIPLINE records each reporter's evaluation (the counted ballots), never its own. */
export const EVALUATES_AT_HEARING: Actor<HearingFacts> = allOf(holdsRoleAt('unitId', [PostRole.DISCIPLINE]), isNotViewer('reporterOfficialId'));

// ---- leads (问题线索)

export interface LeadFacts {
  readonly concernedOfficialId: number | null;
  readonly toUnitPath: string;
  readonly toUnitCityId: number;
}

/** DISCIPLINE of the receiving unit or above reads a lead in full and decides on it, never the official it concerns. */
export const DECIDES_LEAD: Actor<LeadFacts> = allOf(
  isNotViewer('concernedOfficialId'), coversUnit('toUnitPath', 'toUnitCityId', [PostRole.DISCIPLINE]),
);

// ---- inspections (巡察) and assessments (考核)

/** 双反馈: the OFFICE of the inspecting unit records the feedback to each target. */
export const GIVES_FEEDBACK: Actor<{ readonly unitId: number }> = holdsRoleAt('unitId', [PostRole.OFFICE]);

/** The OFFICE (巡察办) of the inspecting unit waives, with a reason, the findings a round closes without a rectification item. */
export const WAIVES_FINDINGS: Actor<{ readonly unitId: number }> = holdsRoleAt('unitId', [PostRole.OFFICE]);

/** The OFFICE or SECRETARY of the assessor unit (the parent, exactly) records its children's assessments. */
export const ASSESSES: Actor<{ readonly assessorUnitId: number }> = holdsRoleAt('assessorUnitId', KEEPER_ROLES);

// ---- urgings (督办单)

/** The holder of the urged post replies, once (urgingService.reply). */
export const REPLIES_TO_URGING: Actor<{ readonly urgedPostId: number }> = holdsPost('urgedPostId');
