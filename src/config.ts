// The only reader of process.env: typed, frozen, fails fast on bad values.
// With nothing set, Zeren runs on an embedded SQLite file under ./data.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type DbKind = 'sqlite' | 'mysql';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** The database; on MySQL/MariaDB optionally read replicas (ZEREN_DB_REPLICA_URLS) that reports may read from. */
  readonly db: { readonly kind: DbKind; readonly url?: string; readonly sqlitePath: string; readonly replicaUrls?: readonly string[] };
  /** Bounded waits and capacity (issue 11): a stuck writer never freezes the API. */
  readonly capacity: Capacity;
  readonly auth: {
    readonly tokenSecret: Uint8Array;
    readonly tokenTtlSeconds: number;
    readonly maxFailedLogins: number;
    readonly lockoutMinutes: number;
    /** log2 of the scrypt cost N for new password hashes (stored with each hash). */
    readonly scryptLogN: number;
  };
  readonly limits: {
    readonly maxDepth: number;
    readonly maxCost: number;
    readonly maxPageSize: number;
    readonly maxAliases: number;
    readonly maxTokens: number;
    readonly maxDirectives: number;
    /** Requests per account (anonymous: per address) in a rolling minute. */
    readonly requestsPerMinute: number;
  };
  /** Browser origins allowed to call the API (CORS). */
  readonly corsOrigins: readonly string[];
  /** Serve Prometheus metrics at /metrics. */
  readonly metrics: boolean;
  /** Internal error messages (never stacks or SQL) in responses: a debugging switch, off by default. */
  readonly exposeErrorDetails: boolean;
  /** A task lights YELLOW this many days before an open milestone is due. */
  readonly yellowDays: number;
  /** Calendar days (posts, due dates) are counted in this zone. */
  readonly timeZone: string;
  readonly logLevel: string;
  /** Serve GraphiQL at /graphiql; introspection is on exactly when this is. */
  readonly playground: boolean;
  /** Run only the documents of the trusted-documents manifest (safelisting); otherwise APQ. */
  readonly trustedDocuments: boolean;
  /** The manifest file, relative to the project folder. */
  readonly trustedDocumentsManifest: string;
  readonly seedDemo: boolean;
  /** What executes queries and mutations over HTTP and subscription events: graphql-js, or graphql-jit (compiled per document). */
  readonly executor: 'graphql' | 'jit';
  /** How far back an ADMIN may date a change to the tree. */
  readonly treeBackdateDays: number;
  /** Progress posted after a milestone's due day: only flagged (late, daysLate), or refused after the grace days (太仓/富宁 practice). */
  readonly lateEntry: { readonly mode: 'flag' | 'refuse'; readonly graceDays: number };
  /** Appeals (申诉): the official appeals within appealDays of the decision; the deciding side answers within answerDays of the appeal. */
  readonly appeal: { readonly appealDays: number; readonly answerDays: number };
  /** Historical import (导入): the largest file (bytes) and the most data rows a file may hold. */
  readonly imports: { readonly maxBytes: number; readonly maxRows: number };
  /** Urgings (督办单): the reply is due this many days after the day of urging when the issuer names no day (at most 30). */
  readonly urgingReplyDays: number;
  /** Evidence files: where they are kept, how large and of which types (read from the content), and how long an unattached one lives. */
  readonly files: { readonly dir: string; readonly maxBytes: number; readonly types: readonly string[]; readonly unattachedHours: number };
  /** Reminders (提醒): when each kind of deadline is reminded of (src/reminders.ts). */
  readonly reminders: Readonly<Record<ReminderSubject, ReminderSchedule>>;
  /** The webhook outbox (src/outbox.ts): off without a URL (then nothing is queued). */
  readonly webhook: WebhookConfig;
  /**
   * Redis (ZEREN_REDIS_URL), shared by several API processes: the event bus of subscriptions,
   * the viewer cache's generation and the rate limit's counts. Null: all three in this process.
   */
  readonly redisUrl: string | null;
  /** How often scheduled work (the reminders, the light sweep) checks whether its day has run. */
  readonly schedulerCheckMs: number;
}

/** The deadlines reminded of, each with its own schedule (ZEREN_REMINDERS_<SUBJECT>). */
export const REMINDER_SUBJECTS = ['task', 'notice', 'rectification', 'report', 'urging'] as const;
export type ReminderSubject = (typeof REMINDER_SUBJECTS)[number];

/** A reminder schedule: days before the due day (0 = on it), the day after it (overdue), then every repeatDays days. */
export interface ReminderSchedule {
  readonly before: readonly number[];
  readonly overdue: boolean;
  readonly repeatDays: number | null;
}

export interface WebhookConfig {
  readonly url: string | null;
  readonly secret: string | null;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /** Backoff after the n-th failed attempt: backoffMs * 2^(n-1), at most backoffMaxMs. */
  readonly backoffMs: number;
  readonly backoffMaxMs: number;
}

export interface Capacity {
  /** MySQL/MariaDB connections in the pool. */
  readonly poolSize: number;
  /** Of those, at most this many hold a write transaction at once: the rest stay free for reads. */
  readonly writeSlots: number;
  /** The longest wait for a pool connection or a write slot. */
  readonly acquireTimeoutMs: number;
  /** The longest a statement runs (MariaDB max_statement_time, MySQL max_execution_time for reads). */
  readonly statementTimeoutMs: number;
  /** The longest a statement waits for a row lock (innodb_lock_wait_timeout, whole seconds). */
  readonly lockWaitSeconds: number;
  /** The longest a request takes before it is answered UNAVAILABLE. */
  readonly requestTimeoutMs: number;
  /** /ready answers 503 when the database does not answer within this. */
  readonly readyTimeoutMs: number;
}

class ConfigError extends Error {}

function int(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function bool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function environment(): Config['env'] {
  const raw = process.env.NODE_ENV ?? 'development';
  if (raw === 'development' || raw === 'production' || raw === 'test') return raw;
  throw new ConfigError(`NODE_ENV must be development, production or test, got "${raw}"`);
}

function database(sqlitePath: string): Config['db'] {
  const url = process.env.DATABASE_URL;
  if (!url) return { kind: 'sqlite', sqlitePath };
  if (/^(mysql|mariadb):\/\//.test(url)) {
    const replicaUrls = (process.env.ZEREN_DB_REPLICA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    const bad = replicaUrls.find((u) => !/^(mysql|mariadb):\/\//.test(u));
    if (bad !== undefined) throw new ConfigError('ZEREN_DB_REPLICA_URLS must be comma-separated mysql:// or mariadb:// URLs');
    return { kind: 'mysql', url, sqlitePath, replicaUrls };
  }
  if (process.env.ZEREN_DB_REPLICA_URLS) throw new ConfigError('ZEREN_DB_REPLICA_URLS needs a MySQL or MariaDB DATABASE_URL');
  if (/^(sqlite|file):/.test(url)) return { kind: 'sqlite', sqlitePath: url.replace(/^(sqlite|file):(\/\/)?/, '') };
  throw new ConfigError('DATABASE_URL must start with mysql://, mariadb:// or sqlite:');
}

/**
 * The token signing secret. Production must set ZEREN_TOKEN_SECRET; the embedded
 * development setup generates one on first start and keeps it beside the database
 * (git-ignored), so tokens survive restarts and no secret is ever in the code.
 */
function tokenSecret(env: Config['env'], dataDir: string): Uint8Array {
  const raw = process.env.ZEREN_TOKEN_SECRET;
  if (raw) {
    if (raw.length < 32) throw new ConfigError('ZEREN_TOKEN_SECRET must be at least 32 characters');
    return new TextEncoder().encode(raw);
  }
  if (env === 'production') throw new ConfigError('ZEREN_TOKEN_SECRET is required in production');
  if (env === 'test') return randomBytes(32);
  const file = resolve(dataDir, 'token-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

function capacity(): Capacity {
  const poolSize = int('ZEREN_DB_POOL_SIZE', 10, 2);
  const writeSlots = int('ZEREN_DB_WRITE_SLOTS', Math.max(1, Math.floor(poolSize / 2)), 1);
  if (writeSlots >= poolSize) throw new ConfigError('ZEREN_DB_WRITE_SLOTS must be below ZEREN_DB_POOL_SIZE: reads need connections of their own');
  return {
    poolSize, writeSlots,
    acquireTimeoutMs: int('ZEREN_DB_ACQUIRE_TIMEOUT_MS', 2000, 1),
    statementTimeoutMs: int('ZEREN_DB_STATEMENT_TIMEOUT_MS', 8000, 1),
    lockWaitSeconds: int('ZEREN_DB_LOCK_WAIT_SECONDS', 3, 1),
    requestTimeoutMs: int('ZEREN_REQUEST_TIMEOUT_MS', 10000, 1),
    readyTimeoutMs: int('ZEREN_READY_TIMEOUT_MS', 1000, 1),
  };
}

function timeZone(): string {
  const zone = process.env.ZEREN_TIME_ZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
  } catch {
    throw new ConfigError(`ZEREN_TIME_ZONE is not a known time zone: "${zone}"`);
  }
  return zone;
}

/**
 * The playground runs arbitrary documents, so it cannot be served by a server that
 * accepts only trusted documents: by default it is on outside production unless
 * safelisting is on, and asking for both is a configuration error.
 */
function playgroundAndSafelist(env: Config['env']): Pick<Config, 'playground' | 'trustedDocuments' | 'trustedDocumentsManifest'> {
  const trustedDocuments = bool('ZEREN_TRUSTED_DOCUMENTS', false);
  const playground = bool('ZEREN_PLAYGROUND', env !== 'production' && !trustedDocuments);
  if (playground && trustedDocuments) {
    throw new ConfigError('ZEREN_PLAYGROUND and ZEREN_TRUSTED_DOCUMENTS cannot both be on: the playground runs any document');
  }
  return {
    playground, trustedDocuments,
    trustedDocumentsManifest: process.env.ZEREN_TRUSTED_DOCUMENTS_MANIFEST || 'operations/generated/persisted-documents.json',
  };
}

function lateEntryMode(): Config['lateEntry']['mode'] {
  const raw = process.env.ZEREN_LATE_ENTRY || 'flag';
  if (raw === 'flag' || raw === 'refuse') return raw;
  throw new ConfigError(`ZEREN_LATE_ENTRY must be flag or refuse, got "${raw}"`);
}

/**
 * "10,5,1,overdue,weekly" (the default): days before the due day, "overdue" for the day
 * after it, then "weekly" (or "every:N" days) while it stays overdue; "off" for none.
 */
export function parseReminderSchedule(name: string, raw: string): ReminderSchedule {
  const before: number[] = [];
  let overdue = false;
  let repeatDays: number | null = null;
  const parts = raw.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  if (parts.length === 1 && parts[0] === 'off') return Object.freeze({ before: Object.freeze([]), overdue: false, repeatDays: null });
  for (const part of parts) {
    const every = /^every:(\d+)$/.exec(part);
    if (/^\d+$/.test(part) && Number(part) <= 366) before.push(Number(part));
    else if (part === 'overdue') overdue = true;
    else if (part === 'weekly') repeatDays = 7;
    else if (every && Number(every[1]) >= 1) repeatDays = Number(every[1]);
    else throw new ConfigError(`${name}: "${part}" is not a day count (0-366), overdue, weekly or every:N`);
  }
  if (repeatDays !== null && !overdue) throw new ConfigError(`${name}: a repeat (weekly, every:N) follows "overdue"`);
  return Object.freeze({ before: Object.freeze([...new Set(before)].sort((a, b) => b - a)), overdue, repeatDays });
}

function reminders(): Config['reminders'] {
  const fallback = process.env.ZEREN_REMINDERS || '10,5,1,overdue,weekly';
  return Object.freeze(Object.fromEntries(REMINDER_SUBJECTS.map((subject) => {
    const name = `ZEREN_REMINDERS_${subject.toUpperCase()}`;
    return [subject, parseReminderSchedule(process.env[name] ? name : 'ZEREN_REMINDERS', process.env[name] || fallback)];
  })) as Record<ReminderSubject, ReminderSchedule>);
}

function webhook(env: Config['env']): WebhookConfig {
  const url = process.env.ZEREN_WEBHOOK_URL || null;
  const secret = process.env.ZEREN_WEBHOOK_SECRET || null;
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError('ZEREN_WEBHOOK_URL must be an http(s) URL');
    }
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new ConfigError('ZEREN_WEBHOOK_URL must be an http(s) URL');
    if (!secret || secret.length < (env === 'production' ? 32 : 16)) {
      throw new ConfigError(`ZEREN_WEBHOOK_SECRET is required with ZEREN_WEBHOOK_URL, at least ${env === 'production' ? 32 : 16} characters`);
    }
  }
  const backoffMs = int('ZEREN_WEBHOOK_BACKOFF_MS', 60_000, 1);
  return Object.freeze({
    url, secret,
    maxAttempts: int('ZEREN_WEBHOOK_MAX_ATTEMPTS', 8, 1),
    timeoutMs: int('ZEREN_WEBHOOK_TIMEOUT_MS', 5000, 1),
    backoffMs,
    backoffMaxMs: Math.max(backoffMs, int('ZEREN_WEBHOOK_BACKOFF_MAX_MS', 3_600_000, 1)),
  });
}

/** The default reply window of an urging: within the 30 days an issuer may give. */
function urgingReplyDays(): number {
  const days = int('ZEREN_URGING_REPLY_DAYS', 7, 0);
  if (days > 30) throw new ConfigError(`ZEREN_URGING_REPLY_DAYS must be at most 30, got "${days}"`);
  return days;
}

function redisUrl(): string | null {
  const raw = process.env.ZEREN_REDIS_URL || null;
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError('ZEREN_REDIS_URL must be a redis:// or rediss:// URL');
  }
  if (!['redis:', 'rediss:'].includes(parsed.protocol)) throw new ConfigError('ZEREN_REDIS_URL must be a redis:// or rediss:// URL');
  return raw;
}

function executor(): Config['executor'] {
  const raw = process.env.ZEREN_EXECUTOR || 'jit';
  if (raw === 'graphql' || raw === 'jit') return raw;
  throw new ConfigError(`ZEREN_EXECUTOR must be graphql or jit, got "${raw}"`);
}

function load(): Config {
  const env = environment();
  const dataDir = resolve(process.env.ZEREN_DATA_DIR ?? 'data');
  const db = database(resolve(dataDir, 'zeren.sqlite'));
  return Object.freeze({
    env,
    port: int('PORT', 4000, 0),
    host: process.env.HOST || '127.0.0.1',
    db: Object.freeze(db),
    capacity: Object.freeze(capacity()),
    auth: Object.freeze({
      tokenSecret: tokenSecret(env, dataDir),
      tokenTtlSeconds: int('ZEREN_TOKEN_TTL_SECONDS', 8 * 3600, 60),
      maxFailedLogins: int('ZEREN_MAX_FAILED_LOGINS', 5, 1),
      lockoutMinutes: int('ZEREN_LOCKOUT_MINUTES', 15, 1),
      scryptLogN: int('ZEREN_SCRYPT_LOG_N', env === 'test' ? 10 : 15, 10),
    }),
    limits: Object.freeze({
      maxDepth: int('ZEREN_MAX_QUERY_DEPTH', 12, 2),
      maxCost: int('ZEREN_MAX_QUERY_COST', 50000, 10),
      maxPageSize: 100,
      // The published and test operations use at most 14 aliases, about 400 tokens per
      // operation and no directives; the limits leave room for dashboards built on them.
      maxAliases: int('ZEREN_MAX_ALIASES', 30, 1),
      maxTokens: int('ZEREN_MAX_TOKENS', 3000, 100),
      maxDirectives: int('ZEREN_MAX_DIRECTIVES', 20, 0),
      requestsPerMinute: int('ZEREN_RATE_LIMIT_PER_MINUTE', 600, 1),
    }),
    corsOrigins: Object.freeze((process.env.ZEREN_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)),
    metrics: bool('ZEREN_METRICS', true),
    exposeErrorDetails: bool('ZEREN_EXPOSE_ERROR_DETAILS', false),
    yellowDays: int('ZEREN_YELLOW_DAYS', 14, 0),
    treeBackdateDays: int('ZEREN_TREE_BACKDATE_DAYS', 366, 0),
    lateEntry: Object.freeze({ mode: lateEntryMode(), graceDays: int('ZEREN_LATE_ENTRY_GRACE_DAYS', 3, 0) }),
    appeal: Object.freeze({ appealDays: int('ZEREN_APPEAL_DAYS', 15, 1), answerDays: int('ZEREN_APPEAL_ANSWER_DAYS', 30, 1) }),
    urgingReplyDays: urgingReplyDays(),
    imports: Object.freeze({ maxBytes: int('ZEREN_IMPORT_MAX_BYTES', 5 * 1024 * 1024, 1), maxRows: int('ZEREN_IMPORT_MAX_ROWS', 5000, 1) }),
    files: Object.freeze({
      dir: resolve(process.env.ZEREN_FILES_DIR ?? resolve(dataDir, 'files')),
      maxBytes: int('ZEREN_FILE_MAX_BYTES', 10 * 1024 * 1024, 1),
      types: Object.freeze((process.env.ZEREN_FILE_TYPES || 'image/jpeg,image/png,image/webp,application/pdf').split(',').map((t) => t.trim()).filter(Boolean)),
      unattachedHours: int('ZEREN_FILE_UNATTACHED_HOURS', 24, 1),
    }),
    reminders: reminders(),
    webhook: webhook(env),
    redisUrl: redisUrl(),
    schedulerCheckMs: int('ZEREN_SCHEDULER_CHECK_MS', 3_600_000, 100),
    timeZone: timeZone(),
    logLevel: process.env.LOG_LEVEL || (env === 'test' ? 'silent' : 'info'),
    ...playgroundAndSafelist(env),
    seedDemo: bool('ZEREN_SEED_DEMO', db.kind === 'sqlite' && env !== 'production'),
    executor: executor(),
  });
}

export const config: Config = load();
