// One real HTTP smoke test: health, readiness, the playground and its assets,
// sign-in and a query with a bearer token, over a socket.
import type { AddressInfo } from 'node:net';
import { describeDb } from '../setup/db';
import { PASSWORD } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';

describeDb('HTTP', () => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await startHarness({ playground: true });
    await new Promise<void>((resolve) => h.server.http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(h.server.http.address() as AddressInfo).port}`;
  });
  afterAll(() => h.close());

  const gql = (query: string, variables: object = {}, token?: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (res: Response): Promise<any> => res.json();

  it('answers /health and /ready', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready' });
  });

  it('serves GraphiQL and every asset it loads from this server', async () => {
    const page = await fetch(`${base}/graphiql`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    // One stylesheet and one script; the script loads the rest (workers, chunks) from /graphiql/assets.
    expect(assets.length).toBeGreaterThanOrEqual(2);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true); // nothing from a CDN
      const res = await fetch(`${base}${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('signs in and queries with a bearer token; echoes a request id', async () => {
    const login = await gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: 'officed1', p: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers.get('x-request-id')).toMatch(/.+/);
    const { data } = await json(login);
    const viewer = await gql('{ viewer { name posts { role } } }', {}, data.login.token);
    // Every answer says what the query cost against the limit.
    expect(await json(viewer)).toEqual({
      data: { viewer: { name: 'Official officeD1', posts: [{ role: 'OFFICE' }] } }, extensions: { cost: { requested: 8, limit: 50000 } },
    });
    const anonymous = await gql('{ viewer { name } }');
    expect((await json(anonymous)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an over-cost query with HTTP 400 and no transport details in the body', async () => {
    const login = await json(await gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: 'teamm1', p: PASSWORD }));
    const res = await gql('{ orgUnits(first: 100) { edges { node { descendants(first: 100) { edges { node { children { officials { name } } } } } } } } }', {}, login.data.login.token);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.errors[0].extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(body.errors[0].extensions).not.toHaveProperty('http');
  });
});
