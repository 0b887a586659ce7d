// Relay connections with keyset pagination: the cursor is the sort key of the last
// row, so every page is one indexed range query; totalCount runs only when asked.
import { Max, Min } from 'class-validator';
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, at most ${MAX_PAGE_SIZE}` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first!: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/** A `<Name>Connection` type with edges, pageInfo and totalCount. */
export function ConnectionType<T extends object>(node: ClassType<T>, name = node.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All matching records, not only this page' })
    totalCount!: number;
  }
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

/** Rows after the cursor, in the keys' order: (k1, k2) > (v1, v2) written out so every engine can use the index. */
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

/** An edge whose cursor is encoded when read: a tree's lists rarely select it. */
class LazyEdge<T> {
  constructor(readonly node: T, private readonly keys: readonly SortKey<T>[]) {}

  get cursor(): string {
    return encodeCursor(this.keys.map((k) => k.value(this.node)));
  }
}

/** A page of rows read with first + 1 (the extra row says there is a next page). */
export function toConnection<T>(rows: readonly T[], args: PageArgs, keys: readonly SortKey<T>[], count: () => Promise<number>): Connection<T> {
  const edges = rows.slice(0, args.first).map((node) => new LazyEdge(node, keys));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > args.first,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    // Counted only when the client selects totalCount.
    get totalCount() {
      return (total ??= count());
    },
  };
}

/** The same page with each node mapped (cursors and counts unchanged). */
export function mapNodes<T, U>(page: Connection<T>, f: (node: T) => U): Connection<U> {
  return {
    edges: page.edges.map((edge) => ({ get cursor() { return edge.cursor; }, node: f(edge.node) })),
    pageInfo: page.pageInfo,
    get totalCount() { return page.totalCount; },
  };
}

/** Pages through a scoped query. The last sort key must be unique (usually the id). */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, args: PageArgs, keys: readonly SortKey<T>[],
): Promise<Connection<T>> {
  const counter = qb.clone();
  const page = qb.clone();
  whereAfter(page, args.after, keys);
  orderByKeys(page, keys);
  const rows = args.first === 0 ? [] : await page.take(args.first + 1).getMany();
  return toConnection(rows, args, keys, () => counter.getCount());
}
