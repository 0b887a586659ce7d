// Relay connections with keyset pagination: the cursor is the sort key of an edge's row,
// so every page is one indexed range query, forwards (first/after) or backwards
// (last/before: the keys read in reverse, the page turned back); totalCount runs only
// when asked.
import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true, description: `Page size counted forwards (from the start, or from after), at most ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given`,
  })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of an edge: the page starts after it (with first)' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size counted backwards (from the end, or from before), at most ${MAX_PAGE_SIZE}` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of an edge: the page ends before it (with last)' })
  before?: string | null;
}

/** A page as the readers use it: its size, its cursor and its direction. */
export interface Page {
  readonly size: number;
  /** The cursor the page starts after (forwards) or ends before (backwards). */
  readonly cursor: string | null;
  readonly backward: boolean;
}

/** The page asked for; a mix of directions (first with before, last with after, first with last) is refused. */
export function pageOf(args: PageArgs): Page {
  const has = (v: unknown): boolean => v !== undefined && v !== null;
  if (has(args.first) && has(args.last)) throw badInput('Ask for first or last, not both', 'last');
  if (has(args.after) && has(args.before)) throw badInput('Give after or before, not both', 'before');
  const backward = has(args.last) || has(args.before);
  if (backward && (has(args.first) || has(args.after))) throw badInput('last and before page backwards; first and after forwards: do not mix them', 'before');
  return { size: (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE, cursor: (backward ? args.before : args.after) ?? null, backward };
}

/** The keys in the order rows are read for the page (reversed for a backward page). */
export const readOrder = <T>(keys: readonly SortKey<T>[], page: Page): readonly SortKey<T>[] =>
  (page.backward ? keys.map((k) => ({ ...k, descending: !k.descending })) : keys);

/**
 * Object types whose listed fields hold plain values in every object this module builds
 * (never a promise or a function): graphql-jit reads them as properties
 * (src/schema/executor.ts). A connection's totalCount is a promise, so it is not listed.
 */
export const PLAIN_FIELDS = new Map<Function, readonly string[]>();

@ObjectType({ description: 'Where a page lies in its list (Relay)' })
export class PageInfo {
  @Field({ description: 'More edges follow this page (paging forwards), or a before cursor was given (paging backwards)' })
  hasNextPage!: boolean;

  @Field({ description: 'More edges precede this page (paging backwards), or an after cursor was given (paging forwards)' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of this page; null when it is empty' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of this page; null when it is empty' })
  endCursor!: string | null;
}
PLAIN_FIELDS.set(PageInfo, ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/** A `<Name>Connection` type with edges, pageInfo and totalCount. */
export function ConnectionType<T extends object>(node: ClassType<T>, name = node.name) {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor` })
  class Edge {
    @Field({ description: 'Opaque position of this edge: pass it as after (or before) to page on from here' })
    cursor!: string;

    @Field(() => node, { description: `The ${name}` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} records (Relay connection: first/after forwards, last/before backwards)` })
  class ConnectionClass {
    @Field(() => [Edge], { description: 'The page, in the list\'s order' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Where this page lies, and the cursors to page on' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All matching records, not only this page' })
    totalCount!: number;
  }
  PLAIN_FIELDS.set(Edge, ['cursor', 'node']).set(ConnectionClass, ['edges', 'pageInfo']);
  return ConnectionClass;
}

/** A sort key: the selection ("u.path") and how to read it from an entity. */
export interface SortKey<T> {
  readonly column: string;
  readonly value: (row: T) => string | number;
  readonly descending?: boolean;
}

const encodeCursor = (values: (string | number)[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => ['string', 'number'].includes(typeof v))) {
      return values;
    }
  } catch {
    /* fall through */
  }
  throw badInput('after is not a cursor of this list', 'after');
}

/** Rows after the cursor in the keys' order (before it, with readOrder's reversed keys): (k1, k2) > (v1, v2) written out so every engine can use the index. */
export function whereAfter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, after: string | null | undefined, keys: readonly SortKey<T>[]): void {
  if (!after) return;
  const values = decodeCursor(after, keys.length);
  qb.andWhere(new Brackets((or) => {
    keys.forEach((key, i) => {
      or.orWhere(new Brackets((and) => {
        keys.slice(0, i).forEach((prev, j) => and.andWhere(`${prev.column} = :pk${j}`, { [`pk${j}`]: values[j] }));
        and.andWhere(`${key.column} ${key.descending ? '<' : '>'} :pk${i}`, { [`pk${i}`]: values[i] });
      }));
    });
  }));
}

/** Orders a query by the keys (replacing any order it had). */
export function orderByKeys<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, keys: readonly SortKey<T>[]): SelectQueryBuilder<T> {
  keys.forEach((key, i) => {
    const order = key.descending ? 'DESC' : 'ASC';
    if (i === 0) qb.orderBy(key.column, order);
    else qb.addOrderBy(key.column, order);
  });
  return qb;
}

// A connection's lazy parts (cursors, page info's cursors, the count) are getters of classes,
// never of object literals: V8 gives each evaluation of a literal with a getter a hidden class
// of its own, which holds the getter's closure until the next full collection, so whatever the
// closure captures (the page's edges, its tasks and their rows) outlived its request through
// every young-generation collection and was promoted (README, Benchmark, stop 29).

/** An edge whose cursor is encoded when read: a tree's lists rarely select it. */
class LazyEdge<T> {
  constructor(readonly node: T, private readonly keys: readonly SortKey<T>[]) {}

  get cursor(): string {
    return encodeCursor(this.keys.map((k) => k.value(this.node)));
  }
}

/** A page's info, its cursors encoded when read, as the edges' (two per list of a tree read that never asks). */
class LazyPageInfo implements PageInfo {
  constructor(private readonly edges: readonly { cursor: string }[], readonly hasNextPage: boolean, readonly hasPreviousPage: boolean) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** A page whose count is made only when the client selects totalCount (once). */
class LazyConnection<T> implements Connection<T> {
  private total: Promise<number> | undefined;

  constructor(readonly edges: { cursor: string; node: T }[], readonly pageInfo: PageInfo, private readonly count: () => Promise<number>) {}

  get totalCount(): Promise<number> {
    return (this.total ??= this.count());
  }
}

/** A page of rows read in readOrder with size + 1 (the extra row says there is more that way). */
export function toConnection<T>(rows: readonly T[], page: Page, keys: readonly SortKey<T>[], count: () => Promise<number>): Connection<T> {
  const kept = rows.slice(0, page.size);
  if (page.backward) kept.reverse();
  const edges = kept.map((node) => new LazyEdge(node, keys));
  const more = rows.length > page.size;
  const info = page.backward ? new LazyPageInfo(edges, Boolean(page.cursor), more) : new LazyPageInfo(edges, more, Boolean(page.cursor));
  return new LazyConnection(edges, info, count);
}

/** An edge of a mapped page: the other edge's cursor, a mapped node. */
class MappedEdge<T, U> {
  constructor(private readonly edge: { cursor: string; node: T }, readonly node: U) {}

  get cursor(): string {
    return this.edge.cursor;
  }
}

/** The same page with each node mapped (cursors and counts unchanged). */
export function mapNodes<T, U>(page: Connection<T>, f: (node: T) => U): Connection<U> {
  return new LazyConnection(page.edges.map((edge) => new MappedEdge(edge, f(edge.node))), page.pageInfo, () => page.totalCount);
}

/** Pages through a scoped query. The last sort key must be unique (usually the id). */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, args: PageArgs, keys: readonly SortKey<T>[],
): Promise<Connection<T>> {
  const page = pageOf(args);
  const counter = qb.clone();
  const read = qb.clone();
  const order = readOrder(keys, page);
  whereAfter(read, page.cursor, order);
  orderByKeys(read, order);
  const rows = page.size === 0 ? [] : await read.take(page.size + 1).getMany();
  return toConnection(rows, page, keys, () => counter.getCount());
}
