// Read replicas (ZEREN_DB_REPLICA_URLS, MySQL/MariaDB with GTID replication): reports and
// analysts' figures (the portrait, task statistics) may be read from a replica; everything
// else stays on the primary. TypeORM's replication option holds the pools; its default
// mode here is the primary, so only the reads wrapped in onReplica() ever reach a replica.
//
// Read-your-writes: a request that wrote reads from the primary; and after an official's
// write commits, its GTID (@@last_gtid, one statement) is kept for them (in Redis when
// several processes share one, else in this process), so a later report of theirs goes to
// a replica only when MASTER_GTID_WAIT(gtid, 0) says the replica has applied it. Writes,
// the viewer and every permission check are the primary's. A write sent to a replica
// fails loudly: replicas run read_only and the application's account lacks READ ONLY ADMIN.
import { EventSubscriber, type DataSource, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent } from 'typeorm';
import { logger } from './logger';
import { redis, REDIS_PREFIX } from './redis';
import { requestScope } from './request-scope';

/** Does this data source have replicas? */
export const hasReplicas = (db: DataSource): boolean =>
  Boolean((db.options as { replication?: { slaves?: unknown[] } }).replication?.slaves?.length);

// ---------------------------------------------------------------- the officials' last writes

const MAX_KEPT = 10_000;
/** How long a write is remembered: far beyond any lag a replica is allowed before it is taken out. */
const KEPT_SECONDS = 24 * 3600;
const lastWrites = new Map<number, string>();
const keyOf = (officialId: number): string => `${REDIS_PREFIX}last-write:${officialId}`;

async function remember(officialId: number, gtid: string): Promise<void> {
  const shared = redis();
  if (shared) {
    await shared.command.set(keyOf(officialId), gtid, 'EX', KEPT_SECONDS);
    return;
  }
  lastWrites.delete(officialId);
  lastWrites.set(officialId, gtid);
  if (lastWrites.size > MAX_KEPT) lastWrites.delete(lastWrites.keys().next().value!);
}

/** The official's last write (a GTID), null for none; undefined when it cannot be known (then: the primary). */
async function lastWriteOf(officialId: number): Promise<string | null | undefined> {
  const shared = redis();
  if (!shared) return lastWrites.get(officialId) ?? null;
  try {
    return await shared.command.get(keyOf(officialId));
  } catch {
    return undefined;
  }
}

/**
 * Called after a write transaction commits, on its own connection: the request reads from
 * the primary from now on, and the writer's GTID is kept for their later reports.
 */
export async function noteCommit(runner: QueryRunner): Promise<void> {
  if (!hasReplicas(runner.connection)) return;
  const scope = requestScope.current();
  if (scope) scope.wrote = true;
  const officialId = scope?.officialId;
  if (officialId == null) return;
  try {
    const [row] = await runner.query('SELECT @@last_gtid AS gtid');
    if (row?.gtid) await remember(officialId, String(row.gtid));
  } catch (err) {
    // Not known: their next reports wait for nothing, so remember that they must use the primary.
    await remember(officialId, 'unknown').catch(() => undefined);
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not read the GTID of a write');
  }
}

/** Notes every committed write transaction (nothing without replicas: no statement is added). */
@EventSubscriber()
export class ReplicaCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): Promise<void> | void {
    if (hasReplicas(event.connection)) return noteCommit(event.queryRunner);
  }
}

// ---------------------------------------------------------------- routing

/**
 * Runs a report's reads on a replica when this request may (it wrote nothing, and the
 * replica has applied its official's last write), else on the primary: `work` gets the
 * replica's query runner, or undefined for the primary (the default).
 */
export async function onReplica<T>(db: DataSource, work: (runner: QueryRunner | undefined) => Promise<T>): Promise<T> {
  if (!hasReplicas(db)) return work(undefined);
  const scope = requestScope.current();
  if (!scope || scope.wrote || scope.officialId === null) return work(undefined);
  const gtid = await lastWriteOf(scope.officialId);
  if (gtid === undefined || gtid === 'unknown') return work(undefined);
  const runner = db.createQueryRunner('slave');
  try {
    await runner.connect();
  } catch (err) {
    // No replica answers: the primary serves the report.
    await runner.release();
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'no replica answered; reading from the primary');
    return work(undefined);
  }
  try {
    if (gtid !== null) {
      const [row] = await runner.query('SELECT MASTER_GTID_WAIT(?, 0) AS reached', [gtid]);
      if (Number(row?.reached) !== 0) return await work(undefined);
    }
    return await work(runner);
  } finally {
    await runner.release();
  }
}
