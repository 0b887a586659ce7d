// Evidence files (issue 14). Upload by a plain `POST /files` (multipart/form-data, one
// part named "file"), which answers an id for a later mutation (EvidenceInput.fileId),
// rather than the GraphQL multipart request spec: it keeps Apollo's CSRF prevention and
// trusted documents as they are, and a phone can upload while offline-queued mutations
// wait. The content is kept once by its SHA-256 (immutable), limited by size and by type,
// the type read from the content's first bytes, never from the name. Downloads
// (`GET /files/<id>`) follow the rules of the record the file is attached to (evidence:
// posts in scope of the task's unit), or the uploader while it is attached to nothing;
// every download is audited. A file attached to nothing expires.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { seesTaskInternals } from './auth/rules';
import { now } from './clock';
import { config, type Config } from './config';
import type { Context } from './context';
import { ALL_CITIES } from './data-source';
import { sendError, signInFirst } from './edge';
import { Evidence, FileAttachment, StoredFile } from './entities';
import { AppError } from './errors';
import { recordOwnAction } from './resolvers/audit/audit.service';
import { decodeId, encodeId, type NodeType } from './schema/node';

// The first bytes of each accepted type.
const SIGNATURES: readonly { type: string; test: (head: Buffer) => boolean }[] = [
  { type: 'image/jpeg', test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { type: 'image/png', test: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/webp', test: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'application/pdf', test: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
];

/** The content's type by its first bytes, or null when it is none Zeren knows. */
export const sniff = (head: Buffer): string | null => SIGNATURES.find((s) => s.test(head))?.type ?? null;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

/**
 * An import file's type (POST /files?purpose=import): an XLSX workbook is a ZIP archive; a
 * CSV is text (no control bytes but tab and line ends). The importer reads the whole content
 * and reports what it cannot (UNREADABLE).
 */
export function sniffImport(head: Buffer): string | null {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return XLSX_TYPE;
  return head.length > 0 && head.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) ? CSV_TYPE : null;
}

/** The store uploads go to: the importer reads an uploaded file's content from it (set with the upload route). */
let uploadStore: FileStore | null = null;

/** An uploaded file's whole content (import files are bounded by ZEREN_IMPORT_MAX_BYTES). */
export async function readContent(sha256: string): Promise<Buffer> {
  if (!uploadStore || !uploadStore.has(sha256)) throw new AppError('NOT_FOUND', 'The file\'s content is gone; upload it again', { field: 'fileId' });
  const chunks: Buffer[] = [];
  for await (const chunk of uploadStore.read(sha256) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Where file contents live: by SHA-256 under a folder (`<dir>/ab/cd/<sha256>`). An
 * S3-compatible store would implement the same four operations; none can be run on this
 * machine (MinIO is not in Debian's packages), so only the local store exists.
 */
export interface FileStore {
  has(sha256: string): boolean;
  /** Moves a finished temporary file into the store under its hash (kept once). */
  put(tempPath: string, sha256: string): void;
  read(sha256: string): NodeJS.ReadableStream;
  remove(sha256: string): void;
  /** A temporary path for an upload in progress. */
  temp(): string;
}

export function localFileStore(dir: string): FileStore {
  const pathOf = (sha: string) => join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  return {
    has: (sha) => existsSync(pathOf(sha)),
    put(tempPath, sha) {
      if (existsSync(pathOf(sha))) return rmSync(tempPath, { force: true });
      mkdirSync(join(dir, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
      renameSync(tempPath, pathOf(sha));
    },
    read: (sha) => createReadStream(pathOf(sha)),
    remove: (sha) => rmSync(pathOf(sha), { force: true }),
    temp: () => join(dir, 'tmp', randomUUID()),
  };
}

export type FileLimits = Config['files'];

/**
 * Does the viewer see a record (node(id)'s rule)? node(id) also reads files, so its service
 * registers itself here when loaded instead of being imported (no import cycle).
 */
let recordReader: (ctx: Context, globalId: string) => Promise<boolean> = async () => false;
export const readRecordsWith = (reader: typeof recordReader): void => {
  recordReader = reader;
};

/**
 * The evidence rows a file is attached to. A file is kept under its uploader's city, and only
 * its uploader attaches it, to records of their posts' units: in that same city.
 */
const attachments = (db: DataSource | EntityManager, file: StoredFile) => db.getRepository(Evidence).findBy({ cityId: file.cityId, fileId: file.id });

export const fileService = {
  /**
   * A file the viewer may read: the uploader's while unattached; else by the rules of a
   * record it is attached to (evidence: posts in scope of the task's unit; a notice, an
   * item, a case: that record's own read rule, as node(id) applies it).
   */
  async readable(ctx: Context, id: number): Promise<StoredFile | null> {
    if (!ctx.viewer) return null;
    const file = await ctx.db.getRepository(StoredFile).findOneBy({ id });
    if (!file) return null;
    const evidence = await attachments(ctx.db, file);
    const links = await ctx.db.getRepository(FileAttachment).findBy({ cityId: file.cityId, fileId: file.id });
    if (!evidence.length && !links.length) return file.uploadedByOfficialId === ctx.viewer.officialId ? file : null;
    for (const e of evidence) {
      const task = await ctx.loaders.taskCoreById.load(e.taskId);
      if (task && (await seesTaskInternals(ctx, task))) return file;
    }
    for (const link of links) {
      if (await recordReader(ctx, encodeId(link.recordType as NodeType, link.recordId))) return file;
    }
    return null;
  },

  /**
   * Files named to be attached, checked first: each must exist and be the viewer's own
   * upload (a file is attached by whoever uploaded it). `field` names the i-th in an error.
   */
  async ownUploads(ctx: Context, globalIds: readonly (string | null | undefined)[], field: (i: number) => string): Promise<Map<string, number>> {
    const refs = globalIds.map((globalId) => (globalId ? decodeId(globalId, 'StoredFile') : null));
    const wanted = refs.filter((r): r is { type: 'StoredFile'; id: number } => r !== null).map((r) => r.id);
    // One statement for all of them: the viewer's own among those named.
    const own = new Set(wanted.length
      ? (await ctx.db.getRepository(StoredFile).findBy({ id: In(wanted), uploadedByOfficialId: ctx.viewer!.officialId })).map((f) => f.id) : []);
    const ids = new Map<string, number>();
    for (const [i, globalId] of globalIds.entries()) {
      if (!globalId) continue;
      const ref = refs[i];
      if (!ref || !own.has(ref.id)) throw new AppError('NOT_FOUND', `${field(i)}: no such file of yours`, { field: field(i) });
      ids.set(globalId, ref.id);
    }
    return ids;
  },

  /** Marks files attached (inside the writing transaction): they no longer expire. */
  async attached(em: EntityManager, fileIds: readonly number[]): Promise<void> {
    if (fileIds.length) await em.update(StoredFile, { id: In([...fileIds]), attachedAt: IsNull() }, { attachedAt: now() });
  },

  /**
   * Removes uploads attached to nothing for longer than the limit, and contents no upload names
   * any more: a background job over every city (the store is shared by content).
   */
  async sweep(db: DataSource, store: FileStore, unattachedHours: number): Promise<number> {
    const stale = await db.getRepository(StoredFile).createQueryBuilder('f').comment(ALL_CITIES)
      .where('f.attachedAt IS NULL AND f.createdAt < :before', { before: new Date(Date.now() - unattachedHours * 3_600_000) }).getMany();
    for (const file of stale) {
      await db.getRepository(StoredFile).delete({ id: file.id, attachedAt: IsNull() });
      const named = await db.getRepository(StoredFile).createQueryBuilder('f').comment(ALL_CITIES)
        .where('f.sha256 = :sha256', { sha256: file.sha256 }).getExists();
      if (!named) store.remove(file.sha256);
    }
    return stale.length;
  },
};

/** POST /files: one part named "file"; answers { data: { file: { id, sha256, size, contentType, name } } }. */
export function uploadHandler(store: FileStore, limits: FileLimits, context: (req: Request, res: Response) => Promise<Context>) {
  uploadStore = store;
  return async (req: Request, res: Response): Promise<void> => {
    // ?purpose=import: a CSV or XLSX file for a historical import (its own size limit and types).
    const forImport = req.query.purpose === 'import';
    const maxBytes = forImport ? config.imports.maxBytes : limits.maxBytes;
    const typeOf = (head: Buffer): string | null => (forImport ? sniffImport(head) : sniff(head));
    const accepted = forImport ? [XLSX_TYPE, CSV_TYPE] : limits.types;
    const ctx = await context(req, res);
    const viewer = ctx.viewer;
    if (!viewer) return signInFirst(res);
    if (!req.is('multipart/form-data')) return sendError(res, 415, 'BAD_USER_INPUT', 'Send multipart/form-data with one part named "file"', { reason: 'upload' });
    let parser: busboy.Busboy;
    try {
      // Names are UTF-8 (中文 file names), not busboy's default latin1.
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, fields: 0 } });
    } catch {
      return sendError(res, 400, 'BAD_USER_INPUT', 'The upload is malformed', { reason: 'upload' });
    }
    type Outcome = { ok: true; sha256: string; size: number; type: string; name: string; temp: string } | { ok: false; status: number; message: string; reason: string };
    const outcome = await new Promise<Outcome>((resolve) => {
      let seen = false;
      parser.on('file', (field, stream, info) => {
        if (field !== 'file' || seen) {
          stream.resume();
          return;
        }
        seen = true;
        const temp = store.temp();
        const out = createWriteStream(temp);
        const hash = createHash('sha256');
        let size = 0;
        let head = Buffer.alloc(0);
        let tooLarge = false;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          hash.update(chunk);
          if (head.length < 16) head = Buffer.concat([head, chunk]).subarray(0, 16);
        });
        stream.on('limit', () => (tooLarge = true));
        stream.pipe(out);
        out.on('finish', () => {
          const type = typeOf(head);
          const fail = (status: number, message: string, reason: string) => {
            rmSync(temp, { force: true });
            resolve({ ok: false, status, message, reason });
          };
          if (tooLarge) return fail(413, `The file is larger than ${maxBytes} bytes`, 'too-large');
          if (!type || !accepted.includes(type)) return fail(415, `Only ${accepted.join(', ')} files are accepted (the type is read from the content)`, 'type');
          resolve({ ok: true, sha256: hash.digest('hex'), size, type, name: (info.filename || 'file').slice(0, 200), temp });
        });
      });
      parser.on('close', () => {
        if (!seen) resolve({ ok: false, status: 400, message: 'Send one part named "file"', reason: 'upload' });
      });
      parser.on('error', () => resolve({ ok: false, status: 400, message: 'The upload is malformed', reason: 'upload' }));
      req.pipe(parser);
    });
    if (!outcome.ok) return sendError(res, outcome.status, 'BAD_USER_INPUT', outcome.message, { reason: outcome.reason });
    store.put(outcome.temp, outcome.sha256);
    const file = await ctx.db.transaction(async (em) => {
      const { identifiers } = await em.insert(StoredFile, {
        // The uploader's own city: all their posts are in it (officialService.createPost), so
        // are the records they attach it to (fileService.readable looks there).
        cityId: viewer.cityId, sha256: outcome.sha256, size: outcome.size, contentType: outcome.type, name: outcome.name,
        uploadedByOfficialId: viewer.officialId, createdAt: now(), attachedAt: null,
      });
      const stored = await em.findOneByOrFail(StoredFile, { id: Number(identifiers[0].id) });
      await recordOwnAction(em, ctx, {
        operation: 'uploadFile', recordType: 'StoredFile', recordId: stored.id,
        after: { sha256: stored.sha256, size: stored.size, contentType: stored.contentType },
      });
      return stored;
    });
    res.status(201).json({ data: { file: { id: file.globalId, sha256: file.sha256, size: file.size, contentType: file.contentType, name: file.name, downloadUrl: file.downloadUrl } } });
  };
}

/** GET /files/:id: the content, when the viewer may read the file (absent otherwise); audited. */
export function downloadHandler(store: FileStore, context: (req: Request, res: Response) => Promise<Context>) {
  return async (req: Request, res: Response): Promise<void> => {
    const ctx = await context(req, res);
    if (!ctx.viewer) return signInFirst(res);
    const ref = decodeId(String(req.params.id), 'StoredFile');
    const file = ref && (await fileService.readable(ctx, ref.id));
    if (!file || !store.has(file.sha256)) return sendError(res, 404, 'NOT_FOUND', 'No such file');
    await ctx.db.transaction((em) => recordOwnAction(em, ctx, { operation: 'downloadFile', recordType: 'StoredFile', recordId: file.id }));
    res.status(200).type(file.contentType).setHeader('content-length', String(file.size));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    store.read(file.sha256).pipe(res);
  };
}
