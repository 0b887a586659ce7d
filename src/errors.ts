// One error vocabulary (domain.md section 8). Services throw AppError; formatError
// passes AppErrors through and masks everything else with a logged error id.
import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';

export const ERROR_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'INTERNAL_SERVER_ERROR',
  // Retryable (extensions.retryable: true): the service is busy, stopping, or its database
  // slow or unreachable; or the caller sent too many requests (extensions.retryAfterSeconds).
  'UNAVAILABLE', 'RATE_LIMITED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The only error a client sees with a message of ours. `details` must never hold
 * secrets, SQL or stack traces: it is sent as is.
 */
export class AppError extends GraphQLError {
  constructor(readonly code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
  }
}

/** What an anonymous request is told, in every transport. */
export const SIGN_IN_FIRST = 'Sign in first: send Authorization: Bearer <token>';

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (why: string): AppError => new AppError('FORBIDDEN', why);
export const badInput = (message: string, field?: string): AppError =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : {});

/** The service or its database is busy, stopping or unreachable: the client may retry shortly. */
export const unavailable = (message = 'The service is busy or its database unreachable; retry shortly'): AppError =>
  new AppError('UNAVAILABLE', message, { retryable: true, http: { status: 503 } });

// Database errors that say "busy, slow or gone", never "wrong": mysql2 and SQLite codes,
// and MySQL/MariaDB error numbers (lock wait, statement time limit, interrupted, too many
// connections, connection lost; a deadlock or Galera certification conflict that stayed
// after the write helper's retries).
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT',
  'POOL_CLOSED', 'ER_LOCK_WAIT_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_LOCK_DEADLOCK', 'SQLITE_BUSY', 'SQLITE_LOCKED',
]);
const DEADLOCK = 1213;
const UNAVAILABLE_ERRNOS = new Set([1205, 1969, 3024, 1317, 1040, 2002, 2003, 2006, 2013, DEADLOCK]);

/**
 * A transaction lost to another: an InnoDB deadlock, or on a Galera cluster a certification
 * conflict with a write committed through another node (both ER_LOCK_DEADLOCK). Rolled back
 * whole, so running it again from the start is safe.
 */
export function isWriteConflict(err: unknown): boolean {
  const e = err as { errno?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.driverError && e.driverError !== err) return isWriteConflict(e.driverError);
  return e.errno === DEADLOCK;
}

/** Is this error the infrastructure's (busy, timed out, unreachable), which a retry may cure? */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof AppError) return err.code === 'UNAVAILABLE';
  const e = err as { code?: unknown; errno?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.driverError && e.driverError !== err) return isUnavailable(e.driverError);
  return (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) || (typeof e.errno === 'number' && UNAVAILABLE_ERRNOS.has(e.errno));
}

// Errors raised by GraphQL itself before execution: they are the client's fault.
const CLIENT_CODES: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'parse',
  GRAPHQL_VALIDATION_FAILED: 'validation',
  BAD_USER_INPUT: 'input',
  BAD_REQUEST: 'request',
  PERSISTED_QUERY_NOT_FOUND: 'persisted-query',
  PERSISTED_QUERY_NOT_SUPPORTED: 'persisted-query',
  OPERATION_RESOLUTION_FAILURE: 'operation',
};

function describeValidation(err: ArgumentValidationError): { message: string; fields: Record<string, string[]> } {
  const fields: Record<string, string[]> = {};
  const walk = (errors: typeof err.extensions.validationErrors, prefix: string): void => {
    for (const e of errors as Array<{ property: string; constraints?: Record<string, string>; children?: unknown[] }>) {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      if (e.constraints) fields[path] = Object.values(e.constraints);
      if (e.children?.length) walk(e.children as typeof err.extensions.validationErrors, path);
    }
  };
  walk(err.extensions.validationErrors, '');
  const message = Object.entries(fields).map(([f, msgs]) => `${f}: ${msgs.join('; ')}`).join(' | ');
  return { message: `Invalid input: ${message}`, fields };
}

/** Builds Apollo's formatError: keep our codes, mask the rest. */
export function createFormatError(log: Logger, exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError) {
      // extensions.http (a status for Apollo) is transport detail, not for clients.
      const { http: _http, ...extensions } = original.extensions;
      return { ...base, message: original.message, extensions };
    }
    if (original instanceof ArgumentValidationError) {
      const { message, fields } = describeValidation(original);
      return { ...base, message, extensions: { code: 'BAD_USER_INPUT', fields } };
    }
    if (isUnavailable(original)) {
      // Never the driver's message: it names hosts, ports and statements.
      log.warn({ err: original }, 'database unavailable');
      return { ...base, message: 'The database is busy or unreachable; retry shortly', extensions: { code: 'UNAVAILABLE', retryable: true } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code in CLIENT_CODES) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: code } };
    }
    if (original instanceof GraphQLError && !original.originalError && !original.path) {
      // A GraphQL-level request error (e.g. variable coercion) without a code of its own.
      return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const errorId = randomUUID();
    log.error({ errorId, err: original }, 'unexpected error');
    return {
      ...base,
      message: exposeDetails ? `Internal error ${errorId}: ${formatted.message}` : `Internal error (id ${errorId})`,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
    };
  };
}
