// Sensitive reads (domain.md section 6): a lead's content or concerned official, a case, an
// accountability reason, an official's phone or ID number. The policy (auth/policy.ts) notes
// every granted, non-null read of such a field in the request's context (an id added to a
// set: per value, nothing more); before the answer leaves, writeSensitiveReads() stores them
// in one INSERT per request, a row per city, record type and field with the ids read. If that
// write fails the answer is not sent (no read goes unrecorded): see sensitiveReadsPlugin.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { now } from './clock';
import type { Context } from './context';
import { SensitiveRead } from './entities/sensitive-read.entity';

/** Where a sensitive value lives: its record's type, id and city, from the parent object. */
export type Locate = (parent: unknown) => { readonly type: string; readonly id: number; readonly cityId: number } | null;

interface Batch { readonly cityId: number; readonly recordType: string; readonly field: string; readonly ids: Set<number> }

/** The sensitive reads of one request (or one subscription event), grouped by city, type and field. */
export class SensitiveReads {
  private readonly batches = new Map<string, Batch>();
  /** The batch noted last: a list notes one field of one city's records value after value. */
  private last: Batch | null = null;

  note(field: string, at: { type: string; id: number; cityId: number }): void {
    let batch = this.last;
    if (!batch || batch.cityId !== at.cityId || batch.recordType !== at.type || batch.field !== field) {
      const key = `${at.cityId}|${at.type}|${field}`;
      batch = this.batches.get(key) ?? null;
      if (!batch) this.batches.set(key, (batch = { cityId: at.cityId, recordType: at.type, field, ids: new Set() }));
      this.last = batch;
    }
    batch.ids.add(at.id);
  }

  get empty(): boolean {
    return this.batches.size === 0;
  }

  /** The noted batches, forgotten here (a subscription's context notes again at the next event). */
  take(): Batch[] {
    const taken = [...this.batches.values()];
    this.batches.clear();
    this.last = null;
    return taken;
  }
}

/** The operation's name as recorded: a GraphQL name, else "anonymous" (60 characters at most). */
const operationOf = (name: string | null | undefined): string =>
  name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name.slice(0, 60) : 'anonymous';

/** The columns a sensitive read is stored with (the id is generated). */
const INSERTED = ['cityId', 'at', 'readerOfficialId', 'operation', 'recordType', 'field', 'recordIds', 'readCount'] as const;

/** Stores the request's sensitive reads in one statement (none when nothing sensitive was read). */
export async function writeSensitiveReads(ctx: Context, operation: string | null | undefined): Promise<void> {
  if (!ctx.reads || ctx.reads.empty || !ctx.viewer) return;
  // The time as the driver stores a datetime (the statement below is hand-kept).
  const at = ctx.db.driver.preparePersistentValue(now(), ctx.db.getMetadata(SensitiveRead).findColumnWithPropertyName('at')!);
  const rows = ctx.reads.take().map((b) => {
    const ids = [...b.ids].sort((x, y) => x - y);
    return {
      cityId: b.cityId, at, readerOfficialId: ctx.viewer!.officialId, operation: operationOf(operation),
      recordType: b.recordType, field: b.field, recordIds: `,${ids.join(',')},`, readCount: ids.length,
    };
  });
  // Hand-kept SQL: one statement on every answer that shows a phone, so TypeORM does not build it each time.
  await ctx.db.query(
    `INSERT INTO sensitive_read (${INSERTED.join(', ')}) VALUES ${rows.map(() => `(${INSERTED.map(() => '?').join(', ')})`).join(', ')}`,
    rows.flatMap((r) => INSERTED.map((c) => r[c])),
  );
}

/** The answer that replaces one whose reads could not be recorded. */
export const UNRECORDED = { message: 'The read could not be recorded in the audit log; retry shortly', extensions: { code: 'UNAVAILABLE', retryable: true } };

/**
 * Writes each GraphQL request's sensitive reads before its answer is sent (queries and
 * mutations over HTTP, exports' pages and in-process operations all pass here). When the
 * write fails, the data is withheld: the answer is UNAVAILABLE instead.
 */
export function sensitiveReadsPlugin(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          try {
            await writeSensitiveReads(contextValue, operationName);
          } catch (err) {
            log.error({ err, requestId: contextValue.requestId }, 'sensitive reads not recorded: the answer is withheld');
            response.body = { kind: 'single', singleResult: { errors: [UNRECORDED] } };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
