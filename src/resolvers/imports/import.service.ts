// 历史数据导入 (issue 13, point 8): the only door to the past. A city's ADMIN uploads a CSV or
// XLSX file (POST /files?purpose=import), validates it (the dry run: a batch with its
// row-by-row report, nothing else written), then imports the validated batch: every row is
// checked again and written in one transaction, or none is. Each record keeps its batch and
// row (its provenance), and each is audited. References resolve in the ADMIN's city only.
import type { EntityManager } from 'typeorm';
import { now } from '../../clock';
import { config } from '../../config';
import type { Context } from '../../context';
import { FileAttachment, ImportBatch, OrgUnit, StoredFile, type ImportIssue } from '../../entities';
import { AppError, badInput } from '../../errors';
import { CSV_TYPE, XLSX_TYPE, fileService, readContent } from '../../files';
import { ImportIssueCode, ImportStatus, type ImportKind } from '../../schema/enums';
import { decodeId } from '../../schema/node';
import { paginate, type PageArgs } from '../../schema/pagination';
import { recordAudit, recordAudits } from '../audit/audit.service';
import { adminCities } from '../notifications/delivery.service';
import { KINDS, duplicatesInFile, resolveRefs, writeRows, type Cells, type KindSpec, type Values } from './import.kinds';
import { UnreadableFile, readSheet } from './import.parse';
import type { ImportBatchFilter, ValidateImportInput } from './import.inputs';

const NEWEST = [{ column: 'b.id', value: (b: ImportBatch) => b.id, descending: true }];

/** The report kept with a batch: its first issues (issueCount has them all), within a TEXT column (64 KB on MySQL). */
const KEPT_ISSUES = 1000;
const KEPT_BYTES = 60_000;

function keptReport(issues: readonly ImportIssue[]): string {
  const kept = issues.slice(0, KEPT_ISSUES);
  let json = JSON.stringify(kept);
  while (Buffer.byteLength(json) > KEPT_BYTES) {
    kept.length = Math.floor(kept.length * 0.8);
    json = JSON.stringify(kept);
  }
  return json;
}

/** A file checked: its rows' values and every issue found, in row order. */
interface Checked {
  rowCount: number;
  rows: { row: number; values: Values }[];
  issues: ImportIssue[];
}

/** Header → column key: the English key (any case) or the Chinese label. */
function headerKeys(kind: KindSpec, headers: readonly string[], issues: ImportIssue[]): (string | null)[] {
  const keys = headers.map((h) => {
    if (h === '') return null;
    const spec = kind.columns.find((c) => c.key.toLowerCase() === h.toLowerCase() || c.label === h);
    if (!spec) issues.push({ row: 1, column: h.slice(0, 60), code: ImportIssueCode.UNKNOWN_COLUMN, message: `Unknown column "${h.slice(0, 60)}"; the columns are ${kind.columns.map((c) => `${c.key} (${c.label})`).join(', ')}` });
    return spec?.key ?? null;
  });
  for (const c of kind.columns) {
    if (c.required && !keys.includes(c.key)) issues.push({ row: 1, column: c.key, code: ImportIssueCode.MISSING, message: `The column ${c.key} (${c.label}) is required` });
  }
  return keys;
}

/** Reads and checks every row of a file: nothing is written. */
async function check(ctx: Context, cityId: number, kind: KindSpec, file: StoredFile): Promise<Checked> {
  let sheet;
  try {
    sheet = await readSheet(await readContent(file.sha256), file.contentType);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    return { rowCount: 0, rows: [], issues: [{ row: 0, column: null, code: ImportIssueCode.UNREADABLE, message: error.message }] };
  }
  const issues: ImportIssue[] = [];
  if (sheet.rows.length > config.imports.maxRows) {
    issues.push({ row: 0, column: null, code: ImportIssueCode.TOO_MANY_ROWS, message: `The file has ${sheet.rows.length} rows; at most ${config.imports.maxRows} (ZEREN_IMPORT_MAX_ROWS)` });
    return { rowCount: sheet.rows.length, rows: [], issues };
  }
  const keys = headerKeys(kind, sheet.headers, issues);
  if (issues.length) return { rowCount: sheet.rows.length, rows: [], issues };
  const cells: Cells[] = sheet.rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r.cells[i] ?? '']).filter(([k]) => k !== null)));
  const refs = await resolveRefs(ctx, cityId, kind, cells);
  const rows: { row: number; values: Values }[] = [];
  sheet.rows.forEach((r, i) => {
    const values = kind.check(cells[i], refs, (column, code, message) => issues.push({ row: r.row, column, code, message }), ctx);
    if (values) rows.push({ row: r.row, values });
  });
  duplicatesInFile(kind, rows, (row, column, message) => issues.push({ row, column, code: ImportIssueCode.DUPLICATE, message }));
  issues.sort((a, b) => a.row - b.row);
  return { rowCount: sheet.rows.length, rows, issues };
}

/** The city unit of the viewer's ADMIN post at a city (the importer's city). */
async function importerCity(ctx: Context, cityId?: number): Promise<OrgUnit> {
  const cities = adminCities(ctx);
  const city = cityId ?? cities[0];
  if (city === undefined || !cities.includes(city)) throw new AppError('FORBIDDEN', 'Only the ADMIN of a city imports past records');
  return ctx.db.getRepository(OrgUnit).findOneByOrFail({ id: city });
}

export const importService = {
  /** Batches of the cities whose ADMIN the viewer is (a post at the city itself). */
  visible(ctx: Context) {
    const cities = adminCities(ctx);
    return ctx.db.getRepository(ImportBatch).createQueryBuilder('b').where(cities.length ? 'b.cityId IN (:...batchCities)' : '1 = 0', { batchCities: cities });
  },

  byId(ctx: Context, id: number): Promise<ImportBatch | null> {
    return this.visible(ctx).andWhere('b.id = :batchId', { batchId: id }).getOne();
  },

  /** Newest first. */
  list(ctx: Context, filter: ImportBatchFilter | undefined, page: PageArgs) {
    const qb = this.visible(ctx);
    if (filter?.kind) qb.andWhere('b.kind = :batchKind', { batchKind: filter.kind });
    if (filter?.status) qb.andWhere('b.status = :batchStatus', { batchStatus: filter.status });
    return paginate(qb, page, NEWEST);
  },

  issues(batch: ImportBatch): ImportIssue[] {
    return JSON.parse(batch.issues) as ImportIssue[];
  },

  /**
   * The dry run: the file (the viewer's own upload, CSV or XLSX) read and every row checked;
   * the batch keeps the report. VALIDATED when there is no issue, else INVALID.
   */
  async validate(ctx: Context, input: ValidateImportInput): Promise<ImportBatch> {
    const city = await importerCity(ctx);
    const fileIds = await fileService.ownUploads(ctx, [input.fileId], () => 'fileId');
    const file = await ctx.db.getRepository(StoredFile).findOneByOrFail({ id: fileIds.get(input.fileId)! });
    if (![CSV_TYPE, XLSX_TYPE].includes(file.contentType)) {
      throw badInput('An import file is a CSV or an XLSX workbook (upload it with POST /files?purpose=import)', 'fileId');
    }
    const kind = KINDS[input.kind];
    const checked = await check(ctx, city.id, kind, file);
    const imported = await importedAlready(ctx.db.manager, city.id, file.sha256, input.kind);
    if (imported) {
      checked.issues.unshift({ row: 0, column: null, code: ImportIssueCode.DUPLICATE, message: `This file was imported already (batch ${imported.globalId})` });
    }
    return ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(ImportBatch, {
        cityId: city.id, kind: input.kind, status: checked.issues.length ? ImportStatus.INVALID : ImportStatus.VALIDATED,
        fileId: file.id, fileName: file.name, sha256: file.sha256, importedByOfficialId: ctx.viewer!.officialId,
        createdAt: now(), importedAt: null, rowCount: checked.rowCount, issueCount: checked.issues.length, importedCount: 0,
        issues: keptReport(checked.issues),
      });
      const batch = await em.findOneByOrFail(ImportBatch, { id: Number(identifiers[0].id) });
      // The file now belongs to the batch: it no longer expires, and it downloads by the batch's rule.
      await em.insert(FileAttachment, { cityId: city.id, fileId: file.id, recordType: 'ImportBatch', recordId: batch.id, attachedByOfficialId: ctx.viewer!.officialId, createdAt: now() });
      await fileService.attached(em, [file.id]);
      await recordAudit(em, ctx, {
        operation: 'validateImport', recordType: 'ImportBatch', recordId: batch.id, unit: city,
        after: { kind: batch.kind, status: batch.status, file: batch.fileName, sha256: batch.sha256, rows: batch.rowCount, issues: batch.issueCount },
      });
      return batch;
    });
  },

  /**
   * The import of a VALIDATED batch, once: the file is checked again (the city may have
   * changed since the dry run) and, with no issue, every row is written in one transaction
   * with its provenance and an audit entry; any issue refuses it all (CONFLICT) and writes nothing.
   */
  async commit(ctx: Context, globalId: string): Promise<ImportBatch> {
    const ref = decodeId(globalId, 'ImportBatch');
    const batch = ref && (await this.byId(ctx, ref.id));
    if (!batch) throw new AppError('NOT_FOUND', 'id: no such import batch', { field: 'id' });
    const city = await importerCity(ctx, batch.cityId);
    if (batch.status === ImportStatus.IMPORTED) throw new AppError('CONFLICT', 'This batch is imported already', { reason: 'imported' });
    if (batch.status === ImportStatus.INVALID) {
      throw new AppError('CONFLICT', `The dry run found ${batch.issueCount} issues; fix the file and validate it again`, { reason: 'invalid' });
    }
    const kind = KINDS[batch.kind as ImportKind];
    const file = await ctx.db.getRepository(StoredFile).findOneByOrFail({ id: batch.fileId });
    const checked = await check(ctx, city.id, kind, file);
    if (checked.issues.length) {
      throw new AppError('CONFLICT', `The file no longer passes: ${checked.issues.length} issues (validate it again for the report)`, {
        reason: 'invalid', issues: checked.issues.slice(0, 20),
      });
    }
    return ctx.db.transaction(async (em: EntityManager) => {
      // Compare-and-set: of two imports of one batch, one finds it imported.
      const claimed = await em.createQueryBuilder().update(ImportBatch)
        .set({ status: ImportStatus.IMPORTED, importedAt: now(), importedCount: checked.rows.length })
        .where('id = :id AND status = :validated', { id: batch.id, validated: ImportStatus.VALIDATED }).execute();
      if (claimed.affected !== 1) throw new AppError('CONFLICT', 'This batch is imported already', { reason: 'imported' });
      // The same file as another batch imported since this one was validated.
      const other = await importedAlready(em, city.id, batch.sha256, batch.kind, batch.id);
      if (other) throw new AppError('CONFLICT', `This file was imported already (batch ${other.globalId})`, { reason: 'imported' });
      const written = await writeRows(em, kind, batch, checked.rows);
      const unitPaths = await unitPathsOf(em, written.map((w) => Number(w.values.unitId)));
      await recordAudits(em, ctx, written.map((w) => ({
        operation: 'importRecord', recordType: kind.recordType, recordId: w.id,
        unit: { cityId: city.id, path: unitPaths.get(Number(w.values.unitId))! },
        after: { importBatchId: batch.id, importRow: w.row },
      })));
      await recordAudit(em, ctx, {
        operation: 'commitImport', recordType: 'ImportBatch', recordId: batch.id, unit: city,
        before: { status: ImportStatus.VALIDATED }, after: { status: ImportStatus.IMPORTED, imported: written.length },
      });
      return em.findOneByOrFail(ImportBatch, { id: batch.id });
    });
  },
};

/** An imported batch of the same content and kind in the city (besides `except`), if any. */
function importedAlready(em: EntityManager, cityId: number, sha256: string, kind: string, except = 0): Promise<ImportBatch | null> {
  return em.getRepository(ImportBatch).createQueryBuilder('b')
    .where('b.cityId = :cityId AND b.sha256 = :sha256 AND b.kind = :kind AND b.status = :imported AND b.id <> :except', {
      cityId, sha256, kind, imported: ImportStatus.IMPORTED, except,
    }).getOne();
}

/** The paths of the written records' units (for their audit entries), in one statement per chunk. */
async function unitPathsOf(em: EntityManager, unitIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(unitIds)];
  const paths = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const units = await em.getRepository(OrgUnit).createQueryBuilder('u').select(['u.id', 'u.path']).where('u.id IN (:...ids)', { ids: ids.slice(i, i + 500) }).getMany();
    for (const u of units) paths.set(u.id, u.path);
  }
  return paths;
}
