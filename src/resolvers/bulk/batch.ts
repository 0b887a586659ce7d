// Bulk forms (issue 13, point 9): many items of a single mutation in ONE transaction.
// Each item runs that mutation's own service code (its checks are never copied here) on a
// context bound to the transaction, each in a savepoint, so an item sees the items before
// it and a refused item leaves nothing behind. One refused item refuses the batch: the
// transaction is rolled back and the one error lists every item's reason.
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../../context';
import { AppError, badInput, isUnavailable, type ErrorCode } from '../../errors';
import { publishAfter } from '../../events';
import { createLoaders } from '../../loaders';
import { MAX_BATCH_ITEMS } from '../../schema/limits';

/** Why one item of a refused batch was refused (extensions.items of the batch's error). */
export interface ItemRefusal {
  readonly index: number;
  readonly code: ErrorCode;
  readonly message: string;
  /** The input field at fault, as the single mutation names it (with the part's prefix in a compound item). */
  readonly field?: string;
  readonly [detail: string]: unknown;
}

/**
 * The data source as seen from inside one transaction: repositories, query builders and
 * raw queries run on its connection, and a service's own transaction becomes a savepoint
 * (never a second write slot: ZerenDataSource.transaction is not called again).
 */
function boundTo(db: DataSource, em: EntityManager): DataSource {
  const own: Partial<Record<keyof DataSource, unknown>> = {
    manager: em,
    getRepository: em.getRepository.bind(em),
    createQueryBuilder: em.createQueryBuilder.bind(em),
    query: em.query.bind(em),
    transaction: em.transaction.bind(em),
  };
  return new Proxy(db, { get: (target, key, receiver) => (key in own ? own[key as keyof DataSource] : Reflect.get(target, key, receiver)) });
}

/** The request's context inside the transaction: same viewer, fresh loaders that read through it. */
function inTransaction(ctx: Context, em: EntityManager): Context {
  const db = boundTo(ctx.db, em);
  return { ...ctx, db, loaders: createLoaders(db) };
}

/** An item's error that refuses the item (a reason), as opposed to one that aborts the batch (the database failing). */
const isRefusal = (err: unknown): err is AppError => err instanceof AppError && !isUnavailable(err);

const refusalOf = (index: number, err: AppError, details: Record<string, unknown>): ItemRefusal => {
  const field = err.extensions.field;
  return { index, code: err.code, message: err.message, ...(typeof field === 'string' ? { field } : {}), ...details };
};

export interface BatchOptions<I> {
  /** Items naming the same record twice are refused (the second time) before anything runs. */
  readonly keyOf?: (item: I) => string | number;
  /** Extra details of an item's refusal (e.g. the counterpart an item was made for). */
  readonly describe?: (item: I) => Record<string, unknown>;
  /** Batched reads of the items' rule inputs into the transaction's loaders, before the items run. */
  readonly prepare?: (tx: Context) => Promise<unknown>;
}

/**
 * Runs `run` for each item, in order, in one transaction; returns the results once
 * committed (events held until then). Any refused item: BAD_USER_INPUT with
 * extensions.items = [{ index, code, message, field? }], and nothing is written.
 */
export async function runBatch<I, R>(
  ctx: Context, items: readonly I[], run: (tx: Context, item: I, index: number) => Promise<R>, options: BatchOptions<I> = {},
): Promise<R[]> {
  if (!items.length) throw badInput('The batch is empty: give at least one item');
  if (items.length > MAX_BATCH_ITEMS) throw badInput(`A batch takes at most ${MAX_BATCH_ITEMS} items; this one has ${items.length}`);
  return publishAfter(() => ctx.db.transaction(async (em) => {
    const tx = inTransaction(ctx, em);
    await options.prepare?.(tx);
    const refusals: ItemRefusal[] = [];
    const results: R[] = [];
    const firstOf = new Map<string | number, number>();
    for (const [index, item] of items.entries()) {
      const details = options.describe?.(item) ?? {};
      const key = options.keyOf?.(item);
      if (key !== undefined && firstOf.has(key)) {
        refusals.push(refusalOf(index, badInput(`Item ${index} names the same record as item ${firstOf.get(key)}`), details));
        continue;
      }
      if (key !== undefined) firstOf.set(key, index);
      try {
        results.push(await run(tx, item, index));
      } catch (err) {
        if (!isRefusal(err)) throw err;
        refusals.push(refusalOf(index, err, details));
      }
    }
    if (refusals.length) {
      throw new AppError('BAD_USER_INPUT', `${refusals.length} of ${items.length} items refused; nothing was written`, { items: refusals });
    }
    return results;
  }));
}

/**
 * One part of a compound item (an onboarding's official, posts, account): its refusal
 * names the part, in the message and in the field.
 */
export async function part<T>(name: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!isRefusal(err)) throw err;
    const field = err.extensions.field;
    throw new AppError(err.code, `${name}: ${err.message}`, { field: typeof field === 'string' ? `${name}.${field}` : name });
  }
}
