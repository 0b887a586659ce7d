// The HTTP edge over a socket (issue 11): every answer from /graphql is a GraphQL JSON
// error with a code (bad JSON, an over-size body, a deadline passed), the limits on
// aliases, tokens and directives, no field suggestions without the playground, the
// per-account rate limit (429 with Retry-After), CORS for the allowed origins only,
// and the Prometheus metrics.
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { createServer, type ServerOptions, type ZerenServer } from '../../src/server';
import { dbKind, describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

describeDb('the HTTP edge of /graphql', () => {
  let h: Harness;
  const servers: ZerenServer[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await h.close();
  });

  /** A server of its own on a free loopback port. */
  const serve = async (options: Partial<ServerOptions> = {}): Promise<string> => {
    const server = await createServer(h.db, { playground: false, ...options });
    servers.push(server);
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  };
  const post = (base: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const gql = async (base: string, query: string, token?: string) =>
    post(base, JSON.stringify({ query }), token ? { authorization: `Bearer ${token}` } : {});
  const codesOf = (body: J): string[] => body.errors.map((e: J) => e.extensions.code);

  it('answers a body that is not JSON, or too large, with a GraphQL error and a code, never an HTML page', async () => {
    const base = await serve();
    for (const [body, status, reason] of [['{"query": ', 400, 'json'], [JSON.stringify({ query: `{ viewer { name } }${' '.repeat(1_100_000)}` }), 413, 'too-large']] as const) {
      const res = await post(base, body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const text = await res.text();
      expect(text).not.toMatch(/<html|at \/|node_modules|\/work\//i);
      expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT', reason } }] });
    }
  });

  it('refuses too many aliases, tokens or directives, and suggests no field names without the playground', async () => {
    const base = await serve();
    const token = await h.tokenOf('officeD1');
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { name }`).join(' ')} }`;
    const tokens = `{ viewer { ${Array.from({ length: 1600 }, () => 'name').join(' ')} } }`;
    const directives = `{ viewer { ${Array.from({ length: 21 }, (_, i) => `n${i}: name @include(if: true)`).join(' ')} } }`;
    for (const query of [aliases, tokens, directives]) {
      const res = await gql(base, query, token);
      expect(codesOf(await res.json())).toEqual(['BAD_USER_INPUT']);
    }
    // 30 aliases are fine.
    const ok = await (await gql(base, `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: viewer { name }`).join(' ')} }`, token)).json() as J;
    expect(ok.errors).toBeUndefined();
    const typo = await (await gql(base, '{ viewer { nam } }', token)).json() as J;
    expect(typo.errors[0].message).not.toMatch(/Did you mean/);
    const withPlayground = await (await gql(await serve({ playground: true }), '{ viewer { nam } }', token)).json() as J;
    expect(withPlayground.errors[0].message).toMatch(/Did you mean "name"/);
  });

  it('limits requests per account with 429, Retry-After and RATE_LIMITED, and counts accounts apart', async () => {
    const base = await serve({ requestsPerMinute: 3 });
    const [a, b] = [await h.tokenOf('officeD1'), await h.tokenOf('officeD2')];
    for (let i = 0; i < 3; i++) expect((await gql(base, '{ viewer { name } }', a)).status).toBe(200);
    const limited = await gql(base, '{ viewer { name } }', a);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await limited.json() as J;
    expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: expect.any(Number) });
    expect((await gql(base, '{ viewer { name } }', b)).status).toBe(200);
  });

  it('answers CORS preflights of the allowed origins only, and keeps the CSRF protection', async () => {
    const base = await serve({ corsOrigins: ['https://app.example.cn'] });
    const preflight = (origin: string) => fetch(`${base}/graphql`, {
      method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    const allowed = await preflight('https://app.example.cn');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.cn');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // A simple (CSRF-able) GET without a preflight header is still refused by Apollo.
    const simple = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: 'https://app.example.cn' } });
    expect(simple.status).toBe(400);
  });

  it('exports request durations by operation and outcome, errors by code, statements, subscriptions, the pool and the event loop', async () => {
    const base = await serve();
    const token = await h.tokenOf('officeD1');
    await post(base, JSON.stringify({ query: 'query Viewer { viewer { name } }', operationName: 'Viewer' }), { authorization: `Bearer ${token}` });
    await post(base, JSON.stringify({ query: 'query Nope { orgUnit(id: "x") { nam } }' }), { authorization: `Bearer ${token}` });
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/zeren_request_duration_seconds_count\{operation="Viewer",outcome="ok"\} 1/);
    expect(text).toMatch(/zeren_errors_total\{code="BAD_USER_INPUT"\} 1/);
    expect(text).toMatch(/zeren_statements_per_request_count \d+/);
    expect(text).toMatch(/zeren_subscriptions_open 0/);
    expect(text).toMatch(/zeren_nodejs_eventloop_lag_seconds/);
    if (dbKind() === 'mariadb') expect(text).toMatch(/zeren_db_pool_connections\{node="primary",state="in_use"\} \d+/);
  });

  it('sends a large answer (written in pieces) whole: the same JSON as the in-process answer, with its length', async () => {
    const base = await serve({ playground: true });
    const server = servers[servers.length - 1];
    const res = await post(base, JSON.stringify({ query: getIntrospectionQuery() }));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    const inProcess = await server.apollo.executeOperation({ query: getIntrospectionQuery() });
    expect(inProcess.body.kind).toBe('single');
    // Thousands of objects: past the size written in pieces (src/answer.ts).
    expect(JSON.parse(text).data.__schema.types.length).toBeGreaterThan(100);
    expect(text).toBe(JSON.stringify(JSON.parse(JSON.stringify((inProcess.body as { singleResult: unknown }).singleResult))));
  });

  it('stops with a keep-alive connection open: the idle connection is closed and stop() returns within the deadline', async () => {
    const port = Number(new URL(await serve({ requestTimeoutMs: 60_000 })).port);
    const server = servers[servers.length - 1];
    // Left to itself, the connection would stay open past the race below.
    server.http.keepAliveTimeout = 120_000;
    const agent = new Agent({ keepAlive: true });
    const closed = new Promise<'closed'>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => req.socket?.once('close', () => resolve('closed')));
      });
      req.end(JSON.stringify({ query: '{ __typename }' }));
    });
    // The answer came and its connection stays open (keep-alive) until the server stops.
    const stopped = (async () => {
      await new Promise((r) => setTimeout(r, 100));
      await server.stop();
      return 'stopped' as const;
    })();
    const timeout = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), 20_000).unref());
    expect(await Promise.race([Promise.all([stopped, closed]), timeout])).toEqual(['stopped', 'closed']);
    expect(server.http.listening).toBe(false);
    agent.destroy();
  });
});
