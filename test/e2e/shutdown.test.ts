// Graceful shutdown of the real process (src/main.ts), on the project's engine (issue 11):
// an idle SIGTERM exits 0 promptly; a request in flight when SIGTERM arrives completes
// (its connection is not reset), new requests are refused, and the process exits 0 with
// its pool closed.
import { connect } from 'node:net';
import { DEMO_PASSWORD } from '../../src/seed/demo';
import { dbKind, describeDb } from '../setup/db';
import { processDatabase, startZeren, type ProcessDatabase } from '../setup/process';

describeDb('graceful shutdown of the real process', () => {
  let db: ProcessDatabase;
  beforeAll(async () => {
    db = await processDatabase('shutdown');
  });
  afterAll(async () => {
    await db.drop();
  });

  /** Starts src/main.ts as production would, with the demo data, and waits until it answers. */
  const start = () => startZeren(db);

  const login = (base: string) => fetch(`${base}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u: 'city.admin', p: DEMO_PASSWORD } }),
  });

  it('exits 0 soon after an idle SIGTERM', async () => {
    const running = await start();
    const sent = Date.now();
    running.child.kill('SIGTERM');
    const code = await running.exited;
    expect(code).toBe(0);
    process.stdout.write(`[shutdown] ${dbKind()}: idle SIGTERM to exit in ${Date.now() - sent} ms\n`);
  }, 90_000);

  it('finishes the request in flight, refuses new ones, and exits 0', async () => {
    const running = await start();
    // A request in flight: its headers are in, its body still coming (as from a slow phone).
    const body = JSON.stringify({ query: 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u: 'city.admin', p: DEMO_PASSWORD } });
    const socket = connect(Number(new URL(running.base).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (d) => (response += String(d)));
    const closed = new Promise<string | null>((resolve) => {
      socket.once('error', (err) => resolve(err.message));
      socket.once('close', () => resolve(null));
    });
    socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body.slice(0, 20));
    await new Promise((r) => setTimeout(r, 500));
    running.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // A new request: refused (503 while draining, or no longer accepted at all).
    const late = await login(running.base).then((r) => r.status, (err: Error) => err.name);
    expect([503, 'TypeError']).toContain(late);
    // The rest of the body (the socket stays open for the answer, as a client's does).
    socket.write(body.slice(20));
    expect(await closed).toBeNull();
    // The request in flight got its whole answer, and the process stopped cleanly.
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ''))).toEqual({
      data: { login: { token: expect.any(String) } }, extensions: { cost: { requested: expect.any(Number), limit: expect.any(Number) } },
    });
    expect(await running.exited).toBe(0);
  }, 90_000);
});
