// Prometheus metrics (prom-client) at /metrics: request durations by operation and
// outcome, errors by code, statements per request, the database pool, open
// subscriptions, and Node's own (event-loop lag, heap, GC) from collectDefaultMetrics.
// One registry per server, so tests can run several servers in one process.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** mysql2's pool keeps its queues as fields (no public counters). */
interface PoolQueues {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

export class Metrics {
  readonly registry = new Registry();

  readonly requestSeconds = new Histogram({
    name: 'zeren_request_duration_seconds',
    help: 'GraphQL requests over HTTP by operation name and outcome (ok, error, unavailable, rejected)',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'zeren_errors_total',
    help: 'Errors answered to clients, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly statements = new Histogram({
    name: 'zeren_statements_per_request',
    help: 'SQL statements sent by one HTTP request (authentication included)',
    buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100],
    registers: [this.registry],
  });

  private openSubscriptions: () => number = () => 0;

  constructor(db: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'zeren_' });
    const open = () => this.openSubscriptions();
    new Gauge({
      name: 'zeren_subscriptions_open',
      help: 'Open GraphQL subscriptions (graphql-ws)',
      registers: [this.registry],
      collect() {
        this.set(open());
      },
    });
    // One pool, or with replicas (ZEREN_DB_REPLICA_URLS) mysql2's pool cluster: a pool per node.
    const pools = (): [node: string, pool: PoolQueues][] => {
      const driver = db.driver as unknown as { pool?: PoolQueues; poolCluster?: { _nodes?: Record<string, { pool: PoolQueues }> } };
      if (driver.pool) return [['primary', driver.pool]];
      return Object.entries(driver.poolCluster?._nodes ?? {})
        .map(([id, n]) => [id === 'MASTER' ? 'primary' : id.replace(/^SLAVE/, 'replica-'), n.pool] as [string, PoolQueues]);
    };
    new Gauge({
      name: 'zeren_db_pool_connections',
      help: 'Database pool connections by node (primary, replica-N) and state (in_use, idle, waiting requests); MySQL/MariaDB only',
      labelNames: ['node', 'state'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [node, p] of pools()) {
          const all = p._allConnections?.length ?? 0;
          const idle = p._freeConnections?.length ?? 0;
          this.set({ node, state: 'in_use' }, all - idle);
          this.set({ node, state: 'idle' }, idle);
          this.set({ node, state: 'waiting' }, p._connectionQueue?.length ?? 0);
        }
      },
    });
  }

  /** The subscription server says how many are open when scraped. */
  countSubscriptions(count: () => number): void {
    this.openSubscriptions = count;
  }
}
