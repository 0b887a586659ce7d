// The HTTP edge of /graphql, before and after Apollo: CORS, the drain gate of a server
// that is stopping, the request deadline, the per-account rate limit, and body errors
// answered as GraphQL errors. Every answer from /graphql is a GraphQL JSON error with a
// code: never Express's HTML page, a stack, a path or an infrastructure detail.
import { randomUUID } from 'node:crypto';
import cors from 'cors';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { redis, REDIS_PREFIX } from './redis';
import { AppError, SIGN_IN_FIRST, type ErrorCode } from './errors';

/** An answer in the shape of every /graphql response, with a code and extras. */
export function sendError(
  res: Response, status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {},
): void {
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }));
}

/** 401 for a request that needs a sign-in (files, exports). */
export const signInFirst = (res: Response): void => sendError(res, 401, 'UNAUTHENTICATED', SIGN_IN_FIRST);

/**
 * Browsers on the listed origins may call the API (preflight answered); any other origin
 * gets no CORS headers, so its browser refuses. Apollo's CSRF prevention stays on: a
 * simple request still needs a JSON content type or the apollo-require-preflight header.
 */
export const corsFor = (origins: readonly string[]): RequestHandler => cors({
  origin: (origin, done) => done(null, origin !== undefined && origins.includes(origin)),
  methods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
  exposedHeaders: ['x-request-id', 'retry-after'],
  maxAge: 600,
});

/** While the server stops, new requests are refused (503, retryable) and their connections closed. */
export const drainGate = (draining: () => boolean): RequestHandler => (_req, res, next) => {
  if (!draining()) return next();
  res.setHeader('connection', 'close');
  sendError(res, 503, 'UNAVAILABLE', 'The server is restarting; retry shortly', { retryable: true });
};

/**
 * A request not answered within `ms` is answered UNAVAILABLE (503, retryable), and whatever
 * the work still under way writes later is dropped (its statements end by their own limit).
 */
export const deadline = (ms: number, log: Logger): RequestHandler => (_req, res, next) => {
  const timer = setTimeout(() => {
    if (res.headersSent) return;
    log.warn({ requestId: res.locals.requestId, ms }, 'request deadline passed');
    sendError(res, 503, 'UNAVAILABLE', `The request took longer than ${ms} ms; retry shortly`, { retryable: true });
    res.locals.timedOut = true;
    // The late answer goes nowhere.
    const ignore = function ignore(this: Response) { return this; };
    Object.assign(res, { setHeader: ignore, status: ignore, send: ignore, json: ignore, end: ignore, write: () => true, writeHead: ignore });
  }, ms);
  timer.unref();
  res.on('close', () => clearTimeout(timer));
  next();
};

/**
 * The per-account rate limit (anonymous requests by address): `perMinute` requests in a
 * rolling minute; beyond it RATE_LIMITED with HTTP 429 and Retry-After. rate-limiter-flexible
 * keeps the counts in this process, or in Redis with ZEREN_REDIS_URL (one budget across
 * processes; while Redis is unreachable each process counts alone, never failing open).
 */
export function rateLimiter(perMinute: number) {
  const memory = new RateLimiterMemory({ points: perMinute, duration: 60 });
  const shared = redis();
  const limiter = shared
    ? new RateLimiterRedis({ storeClient: shared.command, keyPrefix: `${REDIS_PREFIX}rate`, points: perMinute, duration: 60, insuranceLimiter: memory })
    : memory;
  return async (key: string): Promise<void> => {
    try {
      await limiter.consume(key);
    } catch (rejected) {
      if (!(rejected instanceof RateLimiterRes)) throw rejected;
      const seconds = Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
      throw new AppError('RATE_LIMITED', `Too many requests; retry in ${seconds} s`, {
        retryable: true, retryAfterSeconds: seconds, http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) },
      });
    }
  };
}

/**
 * Errors Express meets before Apollo runs (a body that is not JSON, too large, in an
 * unknown encoding) as GraphQL errors; anything else as a masked internal error.
 */
export const bodyErrors = (log: Logger): ErrorRequestHandler => (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  if (err instanceof AppError) {
    // Ours (a rate limit, a refusal): its code, status and headers, as Apollo would send them.
    const { http, ...extensions } = err.extensions as { http?: { status?: number; headers?: Map<string, string> } } & Record<string, unknown>;
    for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
    return sendError(res, http?.status ?? 400, err.code, err.message, extensions);
  }
  const type = (err as { type?: string }).type;
  if (type === 'entity.parse.failed') return sendError(res, 400, 'BAD_USER_INPUT', 'The request body is not valid JSON', { reason: 'json' });
  if (type === 'entity.too.large') return sendError(res, 413, 'BAD_USER_INPUT', 'The request body is too large', { reason: 'too-large' });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return sendError(res, 415, 'BAD_USER_INPUT', 'The request body\'s encoding is not supported', { reason: 'encoding' });
  }
  const status = (err as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) return sendError(res, status, 'BAD_USER_INPUT', 'The request is malformed', { reason: 'request' });
  const errorId = randomUUID();
  log.error({ errorId, err }, 'unexpected error at the HTTP edge');
  return sendError(res, 500, 'INTERNAL_SERVER_ERROR', `Internal error (id ${errorId})`, { errorId });
};
