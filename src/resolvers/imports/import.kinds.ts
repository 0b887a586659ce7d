// What each kind of import file holds: its columns (English keys, or the Chinese headers
// of the city's own spreadsheets), how a row is checked, and how the checked rows are
// written. References are resolved within the importer's city only, in a few statements
// for the whole file (never one per row): a unit by its name or id, an official by ID
// number or name, a domain by code or name. Another city's units and officials are simply
// not found.
import { getMetadataStorage } from 'type-graphql';
import { Brackets, In, type EntityManager } from 'typeorm';
import { isCalendarDay, now, today } from '../../clock';
import type { Context } from '../../context';
import {
  AccountabilityRecord, Assessment, Domain, Milestone, Official, OrgUnit, Post, Problem, Task, type ImportBatch, type ImportIssue,
} from '../../entities';
import { NO_OPEN_MILESTONE } from '../../entities/task.entity';
import {
  Failure, Grade, ImportIssueCode, ImportKind, Measure, PostRole, Severity, SupervisionSource, TaskStatus, Visibility,
} from '../../schema/enums';
import { decodeId, type NodeType } from '../../schema/node';
import { gradeOf } from '../assessments/assessment.service';

export interface ColumnSpec {
  readonly key: string;
  /** The header of the city's spreadsheets (also accepted). */
  readonly label: string;
  readonly required: boolean;
}

/** The cells of one row by column key ('' when empty or absent). */
export type Cells = Readonly<Record<string, string>>;

/** References named by the file, resolved in the importer's city. */
export interface Refs {
  readonly cityId: number;
  unit(value: string): OrgUnit | 'ambiguous' | undefined;
  official(value: string): Official | 'ambiguous' | undefined;
  domain(value: string): Domain | undefined;
  readonly unitsById: ReadonlyMap<number, OrgUnit>;
  /** The posts of the named officials at the named units (a task's leader). */
  readonly posts: readonly Post[];
  /** "unitId/year" of the assessments that exist already for the units and years named. */
  readonly assessed: ReadonlySet<string>;
}

/** A row's checker reports issues at its columns and answers the values to write, or null. */
export type Report = (column: string | null, code: ImportIssueCode, message: string) => void;

/** The values of one checked row, ready to insert (the batch and row are added when written). */
export type Values = Record<string, unknown>;

export interface KindSpec {
  readonly columns: readonly ColumnSpec[];
  readonly entity: typeof Problem | typeof AccountabilityRecord | typeof Assessment | typeof Task;
  readonly recordType: NodeType;
  check(cells: Cells, refs: Refs, report: Report, ctx: Context): Values | null;
  /** After the rows are inserted: what else each needs (a task's milestone), given the ids by row. */
  after?(em: EntityManager, rows: readonly { row: number; id: number; values: Values }[]): Promise<void>;
}

// ---- cells

/** A cell as a message quotes it (at most 60 characters). */
const shown = (cell: string): string => `"${cell.length > 60 ? `${cell.slice(0, 60)}…` : cell}"`;

/** An enum value by its English value or its Chinese label (the schema's description, up to " ("). */
function enumCell<T extends Record<string, string>>(values: T, cell: string): T[keyof T] | undefined {
  const upper = cell.toUpperCase();
  const byValue = Object.values(values).find((v) => v === upper);
  if (byValue) return byValue as T[keyof T];
  const meta = getMetadataStorage().enums.find((e) => e.enumObj === values);
  const labels = (meta?.valuesConfig ?? {}) as Record<string, { description?: string }>;
  const found = Object.entries(labels).find(([, c]) => c.description && (c.description === cell || c.description.split(' (')[0] === cell));
  return found ? (values[found[0] as keyof T] as T[keyof T]) : undefined;
}

function required(cells: Cells, key: string, report: Report): string | null {
  const value = cells[key] ?? '';
  if (value === '') report(key, ImportIssueCode.MISSING, `${key} is required`);
  return value === '' ? null : value;
}

function enumOf<T extends Record<string, string>>(values: T, cells: Cells, key: string, report: Report, fallback?: T[keyof T]): T[keyof T] | null {
  const cell = cells[key] ?? '';
  if (cell === '') {
    if (fallback !== undefined) return fallback;
    report(key, ImportIssueCode.MISSING, `${key} is required`);
    return null;
  }
  const value = enumCell(values, cell);
  if (!value) report(key, ImportIssueCode.INVALID, `${key}: ${shown(cell)} is none of ${Object.values(values).join(', ')}`);
  return value ?? null;
}

/** A past day: YYYY-MM-DD (or YYYY/MM/DD), a real calendar day, not after today. */
function pastDay(cells: Cells, key: string, report: Report, optional = false): string | null {
  const cell = (cells[key] ?? '').replace(/\//g, '-').replace(/^(\d{4})-(\d)-/, '$1-0$2-').replace(/-(\d)$/, '-0$1');
  if (cell === '') {
    if (!optional) report(key, ImportIssueCode.MISSING, `${key} is required`);
    return null;
  }
  if (!isCalendarDay(cell)) {
    report(key, ImportIssueCode.INVALID, `${key}: ${shown(cells[key])} is not a day (YYYY-MM-DD)`);
    return null;
  }
  if (cell > today()) {
    report(key, ImportIssueCode.NOT_PAST, `${key}: ${cell} is in the future; an import brings past records`);
    return null;
  }
  return cell;
}

/** A past year: a whole number from 2000 to last year (this year's records are entered live). */
function pastYear(cells: Cells, key: string, report: Report): number | null {
  const cell = required(cells, key, report);
  if (cell === null) return null;
  const year = Number(cell);
  if (!/^\d{4}$/.test(cell) || year < 2000) {
    report(key, ImportIssueCode.INVALID, `${key}: ${shown(cell)} is not a year`);
    return null;
  }
  const thisYear = Number(today().slice(0, 4));
  if (year >= thisYear) {
    report(key, ImportIssueCode.NOT_PAST, `${key}: ${year} is not a past year; records of ${thisYear} are entered live`);
    return null;
  }
  return year;
}

/** A number in [min, max] with at most `decimals` decimals. */
function numberCell(cells: Cells, key: string, report: Report, min: number, max: number, decimals: number): number | null {
  const cell = required(cells, key, report);
  if (cell === null) return null;
  const value = Number(cell);
  const pattern = decimals ? new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`) : /^-?\d+$/;
  if (!pattern.test(cell) || value < min || value > max) {
    report(key, ImportIssueCode.INVALID, `${key}: ${shown(cell)} is not a number from ${min} to ${max}${decimals ? ` (at most ${decimals} decimals)` : ''}`);
    return null;
  }
  return value;
}

const YES = ['是', 'Y', 'YES', 'TRUE', '1'];
const NO = ['否', 'N', 'NO', 'FALSE', '0', ''];

function yesNo(cells: Cells, key: string, report: Report): boolean | null {
  const cell = (cells[key] ?? '').toUpperCase();
  if (YES.includes(cell)) return true;
  if (NO.includes(cell)) return false;
  report(key, ImportIssueCode.INVALID, `${key}: ${shown(cells[key])} is neither 是 nor 否`);
  return null;
}

function text(cells: Cells, key: string, report: Report, max: number, need = true): string | null {
  const value = need ? required(cells, key, report) : cells[key] || null;
  if (value !== null && value.length > max) {
    report(key, ImportIssueCode.INVALID, `${key} is longer than ${max} characters`);
    return null;
  }
  return value;
}

function unitCell(cells: Cells, key: string, refs: Refs, report: Report, need = true): OrgUnit | null {
  const cell = cells[key] ?? '';
  if (cell === '') {
    if (need) report(key, ImportIssueCode.MISSING, `${key} is required`);
    return null;
  }
  const unit = refs.unit(cell);
  if (unit === 'ambiguous') report(key, ImportIssueCode.AMBIGUOUS, `${key}: several units of your city are named ${shown(cell)}; give the unit's id`);
  else if (!unit) report(key, ImportIssueCode.NOT_FOUND, `${key}: no unit ${shown(cell)} in your city`);
  return unit && unit !== 'ambiguous' ? unit : null;
}

function officialCell(cells: Cells, key: string, refs: Refs, report: Report): Official | null {
  const cell = required(cells, key, report);
  if (cell === null) return null;
  const official = refs.official(cell);
  if (official === 'ambiguous') report(key, ImportIssueCode.AMBIGUOUS, `${key}: several officials of your city are named ${shown(cell)}; give the ID number`);
  else if (!official) report(key, ImportIssueCode.NOT_FOUND, `${key}: no official ${shown(cell)} in your city`);
  return official && official !== 'ambiguous' ? official : null;
}

function domainCell(cells: Cells, key: string, refs: Refs, report: Report): Domain | null {
  const cell = required(cells, key, report);
  if (cell === null) return null;
  const domain = refs.domain(cell);
  if (!domain) report(key, ImportIssueCode.NOT_FOUND, `${key}: no domain ${shown(cell)}`);
  return domain ?? null;
}

const isUnder = (unit: OrgUnit, above: OrgUnit): boolean => unit.path.startsWith(above.path);

// ---- the kinds

/** Columns every kind's record carries as written by an import: who and when (server time). */
const written = (ctx: Context) => ({ createdByOfficialId: ctx.viewer!.officialId, createdAt: now() });

export const KINDS: Readonly<Record<ImportKind, KindSpec>> = {
  [ImportKind.PROBLEMS]: {
    columns: [
      { key: 'unit', label: '单位', required: true }, { key: 'domain', label: '领域', required: true },
      { key: 'description', label: '问题描述', required: true }, { key: 'foundOn', label: '发现日期', required: true },
      { key: 'source', label: '问题来源', required: false }, { key: 'severity', label: '严重程度', required: false },
    ],
    entity: Problem,
    recordType: 'Problem',
    check(cells, refs, report, ctx) {
      const unit = unitCell(cells, 'unit', refs, report);
      const domain = domainCell(cells, 'domain', refs, report);
      const description = text(cells, 'description', report, 10000);
      const foundOn = pastDay(cells, 'foundOn', report);
      const source = enumOf(SupervisionSource, cells, 'source', report, SupervisionSource.DAILY_SUPERVISION);
      const severity = enumOf(Severity, cells, 'severity', report, Severity.GENERAL);
      if (!unit || !domain || description === null || !foundOn || !source || !severity) return null;
      return {
        cityId: unit.cityId, unitId: unit.id, domainId: domain.id, source, severity, description, foundOn,
        inspectionId: null, noticeId: null, caseId: null, ...written(ctx),
      };
    },
  },

  [ImportKind.ACCOUNTABILITY]: {
    columns: [
      { key: 'official', label: '被问责人', required: true }, { key: 'unit', label: '单位', required: false },
      { key: 'failure', label: '问责情形', required: true }, { key: 'measure', label: '问责方式', required: true },
      { key: 'decidedOn', label: '决定日期', required: true }, { key: 'reason', label: '问责理由', required: true },
      { key: 'issuer', label: '作出单位', required: false },
    ],
    entity: AccountabilityRecord,
    recordType: 'AccountabilityRecord',
    check(cells, refs, report, ctx) {
      const official = officialCell(cells, 'official', refs, report);
      const named = unitCell(cells, 'unit', refs, report, false);
      const failure = enumOf(Failure, cells, 'failure', report);
      const measure = enumOf(Measure, cells, 'measure', report);
      const decidedOn = pastDay(cells, 'decidedOn', report);
      const reason = text(cells, 'reason', report, 10000);
      const issuerNamed = unitCell(cells, 'issuer', refs, report, false);
      // Without a unit: the official's home unit (as a live record without a post).
      const unit = named ?? (official && !cells.unit ? refs.unitsById.get(official.unitId) ?? null : null);
      const issuer = issuerNamed ?? unit;
      if (unit && issuerNamed && !isUnder(unit, issuerNamed)) {
        report('issuer', ImportIssueCode.INVALID, `issuer: ${issuerNamed.name} is not ${unit.name} or a unit above it`);
        return null;
      }
      if (!official || !unit || !issuer || !failure || !measure || !decidedOn || reason === null) return null;
      return {
        cityId: unit.cityId, officialId: official.id, postId: null, unitId: unit.id, issuerUnitId: issuer.id, caseId: null,
        failure, measure, decidedOn, reason, revisionOf: null, ...written(ctx),
      };
    },
  },

  [ImportKind.ASSESSMENTS]: {
    columns: [
      { key: 'unit', label: '被考核单位', required: true }, { key: 'year', label: '年度', required: true },
      { key: 'total', label: '总分', required: true }, { key: 'grade', label: '等次', required: false },
      { key: 'vetoed', label: '一票否决', required: false }, { key: 'vetoReason', label: '否决理由', required: false },
      { key: 'feedback', label: '反馈意见', required: false },
    ],
    entity: Assessment,
    recordType: 'Assessment',
    check(cells, refs, report, ctx) {
      const unit = unitCell(cells, 'unit', refs, report);
      const year = pastYear(cells, 'year', report);
      const points = numberCell(cells, 'total', report, 0, 100, 2);
      const vetoed = yesNo(cells, 'vetoed', report);
      const vetoReason = text(cells, 'vetoReason', report, 1000, false);
      const feedback = text(cells, 'feedback', report, 10000, false);
      if (vetoed && !vetoReason) report('vetoReason', ImportIssueCode.MISSING, 'A veto (一票否决) needs a reason');
      if (vetoed === false && vetoReason) report('vetoReason', ImportIssueCode.INVALID, 'A veto reason goes with 一票否决 是');
      if (unit && unit.parentId === null) report('unit', ImportIssueCode.INVALID, `${unit.name} has no tier above to assess it`);
      if (unit && year !== null && refs.assessed.has(`${unit.id}/${year}`)) {
        report('unit', ImportIssueCode.DUPLICATE, `${unit.name} already has an assessment for ${year}`);
      }
      if (!unit || unit.parentId === null || year === null || points === null || vetoed === null || (vetoed && !vetoReason) || (!vetoed && vetoReason)) return null;
      const total = Math.round(points * 100);
      const grade = enumOf(Grade, cells, 'grade', report, gradeOf(total, vetoed));
      if (!grade) return null;
      const at = now();
      return {
        cityId: unit.cityId, unitId: unit.id, assessorUnitId: unit.parentId, year, total, grade, vetoed, vetoReason,
        feedback, requirements: null, followUpOn: null, followUpResult: null, ...written(ctx), updatedAt: at,
      };
    },
  },

  [ImportKind.TASKS]: {
    columns: [
      { key: 'unit', label: '单位', required: true }, { key: 'year', label: '年度', required: true },
      { key: 'title', label: '任务名称', required: true }, { key: 'domain', label: '领域', required: true },
      { key: 'leader', label: '责任领导', required: true }, { key: 'dueOn', label: '完成时限', required: true },
      { key: 'percent', label: '完成进度', required: true }, { key: 'closedOn', label: '销号日期', required: false },
      { key: 'leadOffice', label: '牵头部门', required: false }, { key: 'goal', label: '目标', required: false },
      { key: 'measures', label: '措施', required: false }, { key: 'visibility', label: '公开范围', required: false },
    ],
    entity: Task,
    recordType: 'Task',
    check(cells, refs, report, ctx) {
      const unit = unitCell(cells, 'unit', refs, report);
      const year = pastYear(cells, 'year', report);
      const title = text(cells, 'title', report, 200);
      const domain = domainCell(cells, 'domain', refs, report);
      const leader = officialCell(cells, 'leader', refs, report);
      const dueOn = pastDay(cells, 'dueOn', report);
      const percent = numberCell(cells, 'percent', report, 0, 100, 0);
      const closedOn = pastDay(cells, 'closedOn', report, true);
      const leadOffice = text(cells, 'leadOffice', report, 100, false);
      const goal = text(cells, 'goal', report, 10000, false);
      const measures = text(cells, 'measures', report, 10000, false);
      const visibility = enumOf(Visibility, cells, 'visibility', report, Visibility.INTERNAL);
      if (year !== null && dueOn && dueOn < `${year}-01-01`) report('dueOn', ImportIssueCode.INVALID, `dueOn ${dueOn} is before the year ${year} begins`);
      if (closedOn && percent !== null && percent < 100) report('closedOn', ImportIssueCode.INVALID, 'A closed task (销号) is at 100 %');
      if (closedOn && year !== null && closedOn < `${year}-01-01`) report('closedOn', ImportIssueCode.INVALID, `closedOn ${closedOn} is before the year ${year} begins`);
      // The leader: a SECRETARY or TEAM_MEMBER post of theirs at the unit, held during the year.
      const post = unit && leader && year !== null ? refs.posts.find((p) => p.unitId === unit.id && p.officialId === leader.id
        && [PostRole.SECRETARY, PostRole.TEAM_MEMBER].includes(p.role) && p.since <= `${year}-12-31` && (p.until === null || p.until >= `${year}-01-01`)) : undefined;
      if (unit && leader && year !== null && !post) {
        report('leader', ImportIssueCode.NOT_FOUND, `leader: ${leader.name} held no SECRETARY or TEAM_MEMBER post of ${unit.name} in ${year}`);
      }
      if (!unit || year === null || title === null || !domain || !post || !dueOn || dueOn < `${year}-01-01` || percent === null
        || (closedOn && (percent < 100 || closedOn < `${year}-01-01`)) || !visibility) return null;
      const at = now();
      return {
        cityId: unit.cityId, unitId: unit.id, year, title, domainId: domain.id, leaderPostId: post.id, leadOffice: leadOffice ?? '',
        goal: goal ?? '', measures: measures ?? '', visibility, status: closedOn ? TaskStatus.CLOSED : TaskStatus.IN_PROGRESS, percent,
        dueOn, nextDueOn: percent >= 100 ? NO_OPEN_MILESTONE : dueOn, closedAt: closedOn ? new Date(`${closedOn}T00:00:00Z`) : null,
        ...written(ctx), updatedAt: at,
      };
    },
    // One milestone: the task's deadline at 100 %.
    async after(em, rows) {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await em.insert(Milestone, rows.slice(i, i + CHUNK).map((r) => ({
          cityId: r.values.cityId as number, taskId: r.id, title: '完成', dueOn: r.values.dueOn as string, targetPercent: 100,
        })));
      }
    },
  },
};

/** Rows per INSERT statement (well below every engine's limit on parameters). */
export const CHUNK = 200;

// ---- resolving references (a few statements per file)

const column = (kind: KindSpec, type: 'unit' | 'official' | 'domain'): string[] =>
  kind.columns.map((c) => c.key).filter((k) => (type === 'unit' ? ['unit', 'issuer'] : type === 'official' ? ['official', 'leader'] : ['domain']).includes(k));

const idOf = (value: string, type: NodeType): number | null =>
  (/^\d+$/.test(value) ? Number(value) : decodeId(value, type)?.id ?? null);

/** The units, officials, domains, posts and existing assessments the rows name, in the importer's city. */
export async function resolveRefs(ctx: Context, cityId: number, kind: KindSpec, rows: readonly Cells[]): Promise<Refs> {
  const valuesOf = (keys: string[]) => [...new Set(rows.flatMap((r) => keys.map((k) => r[k] ?? '')).filter(Boolean))];
  const unitValues = valuesOf(column(kind, 'unit'));
  const officialValues = valuesOf(column(kind, 'official'));
  const unitIds = unitValues.map((v) => idOf(v, 'OrgUnit')).filter((v): v is number => v !== null);

  const officials = officialValues.length ? await ctx.db.getRepository(Official).createQueryBuilder('o')
    .where('o.cityId = :cityId', { cityId })
    .andWhere(new Brackets((w) => w.where('o.idNumber IN (:...values)', { values: officialValues }).orWhere('o.name IN (:...values)')))
    .getMany() : [];
  // A record without a unit falls to the official's home unit.
  const homeIds = officials.map((o) => o.unitId);
  const units = unitValues.length || homeIds.length ? await ctx.db.getRepository(OrgUnit).createQueryBuilder('u')
    .where('u.cityId = :cityId', { cityId })
    .andWhere(new Brackets((w) => {
      w.where('1 = 0');
      if (unitValues.length) w.orWhere('u.name IN (:...unitNames)', { unitNames: unitValues });
      if (unitIds.length || homeIds.length) w.orWhere('u.id IN (:...unitIds)', { unitIds: [...unitIds, ...homeIds] });
    }))
    .getMany() : [];
  const domains = column(kind, 'domain').length ? await ctx.db.getRepository(Domain).find() : [];
  const posts = kind.recordType === 'Task' && officials.length && units.length
    ? await ctx.db.getRepository(Post).findBy({ cityId, officialId: In(officials.map((o) => o.id)), unitId: In(units.map((u) => u.id)) }) : [];
  const assessedRows = kind.recordType === 'Assessment' && units.length
    ? await ctx.db.getRepository(Assessment).find({ select: { unitId: true, year: true }, where: { cityId, unitId: In(units.map((u) => u.id)) } }) : [];

  const unitsById = new Map(units.map((u) => [u.id, u]));
  const lookup = <T extends { id: number }>(
    all: readonly T[], type: NodeType, keyOf: (t: T) => (string | null)[],
  ) => (value: string): T | 'ambiguous' | undefined => {
    const id = idOf(value, type);
    const byId = id !== null ? all.find((t) => t.id === id) : undefined;
    if (byId && !/^\d+$/.test(value)) return byId;
    const named = all.filter((t) => keyOf(t).includes(value));
    if (named.length > 1) return 'ambiguous';
    return named[0] ?? byId;
  };
  return {
    cityId,
    unit: lookup(units, 'OrgUnit', (u) => [u.name]),
    official: lookup(officials, 'Official', (o) => [o.name, o.idNumber]),
    domain: (value) => domains.find((d) => d.code === value || d.name === value),
    unitsById,
    posts,
    assessed: new Set(assessedRows.map((a) => `${a.unitId}/${a.year}`)),
  };
}

/** The rows' values written with their batch and row, in chunks; their ids, by row. */
export async function writeRows(
  em: EntityManager, kind: KindSpec, batch: ImportBatch, rows: readonly { row: number; values: Values }[],
): Promise<{ row: number; id: number; values: Values }[]> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await em.insert(kind.entity as typeof Problem, rows.slice(i, i + CHUNK).map((r) => ({ ...r.values, importBatchId: batch.id, importRow: r.row })) as never);
  }
  // Read back by batch (the engines differ in what a multi-row INSERT answers).
  const ids = await em.getRepository(kind.entity as typeof Problem).find({ select: { id: true, importRow: true }, where: { cityId: batch.cityId, importBatchId: batch.id } });
  const byRow = new Map(ids.map((r) => [r.importRow!, r.id]));
  const written = rows.map((r) => ({ ...r, id: byRow.get(r.row)! }));
  if (kind.after) await kind.after(em, written);
  return written;
}

/** Duplicates within the file itself: two assessments of one unit and year. */
export function duplicatesInFile(kind: KindSpec, checked: readonly { row: number; values: Values }[], issue: (row: number, column: string, message: string) => void): void {
  if (kind.recordType !== 'Assessment') return;
  const seen = new Map<string, number>();
  for (const r of checked) {
    const key = `${r.values.unitId}/${r.values.year}`;
    const first = seen.get(key);
    if (first !== undefined) issue(r.row, 'unit', `The same unit and year as row ${first}`);
    else seen.set(key, r.row);
  }
}

export type { ImportIssue };
