// One test file's world: a migrated database, the fixture, the server, and
// exec() running an operation in-process as a persona (or anonymously).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode, FormattedExecutionResult } from 'graphql';
import type { DataSource } from 'typeorm';
import { forgetTreeRows } from '../../src/auth/authenticate';
import { signToken } from '../../src/auth/token';
import { createServer, type ServerOptions, type ZerenServer } from '../../src/server';
import { StatementCounter } from '../../src/statement-counter';
import { closeTestDatabase, dbKind, openTestDatabase } from './db';
import { seedFixture, type Fixture, type Persona } from './fixture';

export interface Harness {
  db: DataSource;
  server: ZerenServer;
  fixture: Fixture;
  counter: StatementCounter;
  tokenOf(persona: Persona): Promise<string>;
  exec<R = Record<string, unknown>, V = Record<string, unknown>>(
    doc: TypedDocumentNode<R, V> | DocumentNode | string, variables?: V, as?: Persona | { token: string } | null,
  ): Promise<FormattedExecutionResult<R>>;
  /** The statements one operation costs, its viewer read beforehand and not counted; it must succeed. */
  statementsOf(doc: DocumentNode | string, variables: Record<string, unknown>, as: Persona | { token: string }): Promise<number>;
  close(): Promise<void>;
}

/** The playground is off unless a test asks for it (it needs the built bundle). */
export async function startHarness(options: Partial<ServerOptions> = {}): Promise<Harness> {
  const counter = new StatementCounter();
  const db = await openTestDatabase({ logger: counter });
  // A count starts from a cold tree: the org tree rows earlier requests left in the cache
  // (auth/authenticate.ts) are dropped, so a count is the same whatever ran before it. A
  // viewer read beforehand stays cached, as under load.
  const reset = counter.reset.bind(counter);
  counter.reset = () => {
    forgetTreeRows(db);
    reset();
  };
  const fixture = await seedFixture(db);
  const server = await createServer(db, { playground: false, ...options });
  const tokens = new Map<Persona, string>();
  const tokenOf = async (persona: Persona): Promise<string> => {
    if (!tokens.has(persona)) tokens.set(persona, (await signToken(fixture.accounts[persona].id)).token);
    return tokens.get(persona)!;
  };
  const tokenFor = async (as: Persona | { token: string } | null): Promise<string | null> =>
    (as === null ? null : typeof as === 'string' ? tokenOf(as) : as.token);
  const run = async (doc: unknown, variables: unknown, contextValue: Awaited<ReturnType<ZerenServer['contextFor']>>) => {
    const res = await server.apollo.executeOperation({ query: doc as never, variables: variables as Record<string, unknown> }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected incremental result');
    return res.body.singleResult;
  };
  return {
    db, server, fixture, counter, tokenOf,
    async exec(doc, variables, as = null) {
      return run(doc, variables, await server.contextFor(await tokenFor(as))) as never;
    },
    async statementsOf(doc, variables, as) {
      const contextValue = await server.contextFor(await tokenFor(as));
      counter.reset();
      expect((await run(doc, variables, contextValue)).errors).toBeUndefined();
      return counter.count;
    },
    async close() {
      await server.stop();
      await closeTestDatabase(db);
    },
  };
}

/** The extensions.code of each error, in order. */
export const codes = (res: FormattedExecutionResult): string[] => (res.errors ?? []).map((e) => String(e.extensions?.code));

/** The data of an operation that must succeed: no errors at all. */
export async function ok<R>(pending: Promise<FormattedExecutionResult<R>>): Promise<R> {
  const res = await pending;
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/**
 * A refusal check over what `snapshot` reads (the rows an area's operations may write):
 * the operation fails with exactly this code and changes none of it.
 */
export const refusedWithout = (snapshot: () => Promise<unknown>) =>
  async (code: string, run: () => Promise<FormattedExecutionResult<Record<string, unknown>>>): Promise<FormattedExecutionResult<Record<string, unknown>>> => {
    const before = await snapshot();
    const res = await run();
    expect(codes(res)).toEqual([code]);
    expect(await snapshot()).toEqual(before);
    return res;
  };

/**
 * Statement bounds of a read at two sizes. On SQLite every query of a batch answers at once,
 * so the counts are equal and within `bound`. MariaDB answers them one by one and dependent
 * rows may load in two batches: never more than `waves` (one statement per loader and parent
 * in the document), whatever the size.
 */
export function expectBoundedStatements(small: number, large: number, bound: number, waves: number): void {
  if (dbKind() === 'sqlite') {
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(bound);
  } else {
    expect(Math.max(small, large)).toBeLessThanOrEqual(waves);
  }
}
