// A write transaction's statements whose results it never reads travel with the next one
// (src/pipeline.ts): START TRANSACTION with the first statement, a deferred write with the
// next statement or the COMMIT. The outcome must be that of sending each alone: every
// statement counted, the order kept, a failing deferred statement failing the whole
// transaction, and nothing unsent reaching the server after a ROLLBACK. On SQLite (one
// in-process connection) every statement is its own call: the same outcomes, as many calls.
import type { EntityManager } from 'typeorm';
import { execute, executeDeferred, type ZerenDataSource } from '../../src/data-source';
import { closeTestDatabase, dbKind, describeDb, openTestDatabase, StatementCounter } from '../setup/db';

const mariadb = dbKind() === 'mariadb';
const CITY = 424242;

describeDb('pipelined write transactions', () => {
  let db: ZerenDataSource;
  const counter = new StatementCounter();
  beforeAll(async () => {
    db = (await openTestDatabase({ logger: counter })) as ZerenDataSource;
  });
  afterAll(() => closeTestDatabase(db));
  beforeEach(async () => {
    await db.query('DELETE FROM audit_entry WHERE cityId = ?', [CITY]);
    counter.reset();
  });

  const probe = (em: EntityManager, operation: string, deferred = false): Promise<unknown> =>
    (deferred ? executeDeferred : execute)(em,
      'INSERT INTO audit_entry (`at`, operation, recordType, recordId, cityId, unitPath) VALUES (?, ?, ?, ?, ?, ?)',
      [new Date(), operation, 'Task', 1, CITY, '/1/']);
  const written = async (): Promise<string[]> =>
    (await db.query('SELECT operation FROM audit_entry WHERE cityId = ? ORDER BY id', [CITY]) as { operation: string }[]).map((r) => r.operation);

  it('sends START TRANSACTION with the first statement, and deferred writes with the COMMIT: 4 statements, 2 round trips', async () => {
    await db.transaction(async (em) => {
      await probe(em, 'first');
      await probe(em, 'deferred', true);
    });
    expect(counter.statements).toEqual([expect.stringMatching(/^(START TRANSACTION|BEGIN)/), expect.stringMatching(/^INSERT/), expect.stringMatching(/^INSERT/), 'COMMIT']);
    expect(counter.count).toBe(4);
    expect(counter.roundTrips).toBe(mariadb ? 2 : 4);
    expect(await written()).toEqual(['first', 'deferred']);
  });

  it('keeps the order: a read after a deferred write sees it', async () => {
    const seen = await db.transaction(async (em) => {
      await probe(em, 'a', true);
      await probe(em, 'b', true);
      return (await em.query('SELECT operation FROM audit_entry WHERE cityId = ? ORDER BY id', [CITY]) as { operation: string }[]).map((r) => r.operation);
    });
    expect(seen).toEqual(['a', 'b']);
    // START TRANSACTION, both writes and the read in one packet; the COMMIT alone.
    expect(counter.roundTrips).toBe(mariadb ? 2 : 5);
  });

  it('fails the whole transaction when a deferred write fails, leaving nothing written', async () => {
    const failing = db.transaction(async (em) => {
      await probe(em, 'before');
      await executeDeferred(em, 'INSERT INTO audit_entry (`at`, operation, recordType, recordId, cityId, unitPath, no_such_column) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [new Date(), 'broken', 'Task', 1, CITY, '/1/', 1]);
      await probe(em, 'after', true);
    });
    await expect(failing).rejects.toThrow(/no_such_column/);
    expect(await written()).toEqual([]);
  });

  it('never sends what was deferred when the transaction throws, and sends nothing at all for a transaction the server never saw', async () => {
    await expect(db.transaction(async (em) => {
      await probe(em, 'kept back', true);
      throw new Error('refused');
    })).rejects.toThrow('refused');
    // START TRANSACTION, the write and the ROLLBACK were counted; none was sent.
    expect(counter.count).toBe(3);
    expect(counter.roundTrips).toBe(mariadb ? 0 : 3);

    counter.reset();
    await expect(db.transaction(async (em) => {
      await probe(em, 'sent');
      await probe(em, 'dropped', true);
      throw new Error('refused after a write');
    })).rejects.toThrow('refused after a write');
    // The first write went with START TRANSACTION; the deferred one was dropped; the ROLLBACK went alone.
    expect(counter.roundTrips).toBe(mariadb ? 2 : 4);
    expect(await written()).toEqual([]);
  });

  it('reports the error of a statement sent with START TRANSACTION, and the connection serves the next transaction', async () => {
    await expect(db.transaction(async (em) => {
      await execute(em, 'INSERT INTO no_such_table (id) VALUES (?)', [1]);
    })).rejects.toThrow(/no_such_table/);
    // Every pooled connection is still usable: as many transactions as the pool holds, at once.
    await Promise.all(Array.from({ length: 4 }, (_, i) => db.transaction((em) => probe(em, `after ${i}`, true))));
    expect((await written()).sort()).toEqual(['after 0', 'after 1', 'after 2', 'after 3']);
  });
});
