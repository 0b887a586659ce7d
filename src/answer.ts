// A GraphQL answer's JSON as the bytes sent. A small answer is JSON.stringify's string, as
// Apollo's own. A large one (a district's tree read: 600 kB) is written as UTF-8 in pieces:
// V8 hands back a long JSON.stringify result as a string of parts, and Express's Buffer.from
// then copies it whole into one new string (a fresh large-object page per answer) before
// encoding it. Piece by piece the answer costs half: each subtree's string is short, and
// is encoded into buffers of 64 kB.
import type { Express, Response } from 'express';
import { requestScope } from './request-scope';

/** Answers with about this many objects and arrays or more are written in pieces. */
const LARGE = 2048;
/** A subtree with fewer objects and arrays than this is stringified in one call. */
const PIECE = 256;
const CHUNK = 64 * 1024;
/** Characters gathered before they are encoded into the current buffer. */
const GATHER = 8 * 1024;

/**
 * About how many objects and arrays a value holds, for choosing how to write it (never for
 * what is written). The items of a GraphQL list share their selection, so an array counts as
 * its length times the larger of its first and last items: a few paths walked, not the whole
 * answer (counting every object of a street's answer cost 2% of its server CPU).
 */
function estimateNodes(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) {
    const n = value.length;
    return n === 0 ? 1 : 1 + n * Math.max(estimateNodes(value[0]), n > 1 ? estimateNodes(value[n - 1]) : 0, 1);
  }
  let n = 1;
  for (const key in value) n += estimateNodes((value as Record<string, unknown>)[key]);
  return n;
}

/** Arrays and plain objects are walked; anything else (with its toJSON, say) is JSON.stringify's. */
const walked = (v: unknown): v is object => {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
};

/** The UTF-8 bytes of JSON.stringify(value) (a value it does not refuse: no cycle, no BigInt). */
export function jsonBytes(value: unknown): Buffer {
  const done: Buffer[] = [];
  let buffer = Buffer.allocUnsafe(CHUNK);
  let at = 0;
  let gathered = '';
  const encode = (): void => {
    const bytes = Buffer.byteLength(gathered);
    if (at + bytes > buffer.length) {
      done.push(buffer.subarray(0, at));
      buffer = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
      at = 0;
    }
    at += buffer.write(gathered, at);
    gathered = '';
  };
  const out = (text: string): void => {
    gathered += text;
    if (gathered.length > GATHER) encode();
  };
  // A small subtree is one JSON.stringify; a large array or object is written part by part.
  // Estimated, as for the whole answer: counting up to PIECE at every level walked each large
  // subtree again at each level above it (4% of a district read's server CPU).
  const small = (v: unknown): boolean => !walked(v) || estimateNodes(v) < PIECE;
  const write = (v: object): void => {
    if (Array.isArray(v)) {
      out('[');
      v.forEach((x: unknown, i) => {
        if (i > 0) out(',');
        if (small(x)) out((JSON.stringify(x) as string | undefined) ?? 'null');
        else write(x as object);
      });
      out(']');
      return;
    }
    out('{');
    let first = true;
    for (const key of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[key];
      const text = small(x) ? (JSON.stringify(x) as string | undefined) : '';
      // What JSON.stringify leaves out of an object (undefined, a function) is left out here too.
      if (text === undefined) continue;
      out(`${first ? '' : ','}${JSON.stringify(key)}:${text}`);
      first = false;
      if (text === '') write(x as object);
    }
    out('}');
  };
  if (small(value)) out((JSON.stringify(value) as string | undefined) ?? '');
  else write(value as object);
  encode();
  done.push(buffer.subarray(0, at));
  return done.length === 1 ? done[0] : Buffer.concat(done);
}

/**
 * Apollo's stringifyResult: JSON.stringify's string for a small answer; a large one's bytes
 * are kept in the request's scope for `sendAnswer`, and Apollo carries an empty string.
 */
export function stringifyAnswer(result: unknown): string {
  const scope = requestScope.current();
  if (!scope || estimateNodes(result) < LARGE) return JSON.stringify(result);
  scope.answer = jsonBytes(result);
  return '';
}

/**
 * Makes the app's responses send the request's answer bytes where Apollo's integration
 * sends its (empty) string: once, on the app's response prototype, rather than a `send`
 * of its own on every response (a property and two closures per request, which kept the
 * responses alive through the young generation's collections).
 */
export function sendAnswers(app: Express): void {
  const send = app.response.send;
  app.response.send = function sendAnswer(this: Response, body?: unknown) {
    const scope = body === '' ? requestScope.current() : undefined;
    const bytes = scope?.answer;
    if (!scope || !bytes) return send.call(this, body);
    scope.answer = null;
    return send.call(this, bytes);
  };
}
