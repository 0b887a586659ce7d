// Trusted documents for mobile clients, over real HTTP: by default any valid document
// runs and Apollo's automatic persisted queries (APQ) cache documents sent by hash;
// with safelisting on, only the manifest's documents run, sent in full or by hash.
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { encodeId } from '../../src/schema/node';
import { createServer, type ZerenServer } from '../../src/server';
import { MANIFEST_PATH, sha256, type Manifest } from '../../src/trusted-documents';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { TasksDocument, ViewerDocument } from '../../operations/generated/graphql';
import { describeDb } from '../setup/db';
import { startHarness, type Harness } from '../setup/harness';

const manifest = JSON.parse(readFileSync(join(__dirname, '../..', MANIFEST_PATH), 'utf8')) as Manifest;
const trusted = (name: string) => manifest.operations.find((o) => o.name === name)!;

describeDb('trusted documents and persisted queries', () => {
  let h: Harness;
  let safelisted: ZerenServer;
  let open: string;
  let strict: string;
  let token: string;

  const listen = async (server: ZerenServer): Promise<string> => {
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.http.address() as AddressInfo).port}/graphql`;
  };

  beforeAll(async () => {
    h = await startHarness();
    open = await listen(h.server);
    safelisted = await createServer(h.db, { trustedDocuments: true, playground: false });
    strict = await listen(safelisted);
    token = await h.tokenOf('teamM1');
  });
  afterAll(async () => {
    await safelisted.stop();
    await h.close();
  });

  const post = async (url: string, body: object) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  };
  const byHash = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  it('lists every public operation with the hash of its body', () => {
    expect(manifest.operations.map((o) => o.name)).toEqual(expect.arrayContaining(['Login', 'Viewer', 'Tasks', 'PostProgress', 'TaskChanged']));
    for (const op of manifest.operations) expect(op.id).toBe(sha256(op.body));
  });

  it('by default runs any document and caches documents registered by hash (APQ)', async () => {
    const query = '{ viewer { name } }';
    const hash = sha256(query);
    const unknown = await post(open, { extensions: byHash(hash) });
    expect(unknown.body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound' });
    const registered = await post(open, { query, extensions: byHash(hash) });
    const answer = { data: { viewer: { name: 'Official teamM1' } }, extensions: { cost: { requested: 2, limit: 50000 } } };
    expect(registered.body).toEqual(answer);
    expect((await post(open, { extensions: byHash(hash) })).body).toEqual(answer);
  });

  it('with safelisting, runs a trusted document sent by hash only or in full', async () => {
    const viewer = trusted('Viewer');
    const byId = await post(strict, { extensions: byHash(viewer.id) });
    expect(byId.status).toBe(200);
    expect(byId.body.data.viewer.name).toBe('Official teamM1');
    const full = await post(strict, { query: viewer.body });
    expect(full.body.data.viewer.name).toBe('Official teamM1');
    const stats = await post(strict, { extensions: byHash(trusted('TaskStats').id), variables: { filter: { unitId: encodeId('OrgUnit', h.fixture.units.M1.id) } } });
    expect(stats.body.data.taskStats.total).toBe(0);
  });

  it('with safelisting, refuses any other document, and registering one by hash does not trust it', async () => {
    const query = '{ viewer { name title } }';
    const refused = await post(strict, { query });
    expect(refused.status).toBe(403);
    expect(refused.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(refused.body.data).toBeUndefined();
    const registering = await post(strict, { query, extensions: byHash(sha256(query)) });
    expect(registering.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const later = await post(strict, { extensions: byHash(sha256(query)) });
    expect(later.body.errors[0].message).toBe('PersistedQueryNotFound');
    // A trusted document changed by one character is another document.
    const tampered = await post(strict, { query: trusted('Viewer').body.replace('title', 'title phone') });
    expect(tampered.status).toBe(403);
  });

  it('holds each public document as Apollo Client sends it (with __typename), so the client\'s hash is trusted', () => {
    expect(trusted('Viewer').body).toBe(print(addTypenameToDocument(ViewerDocument)));
    expect(trusted('Tasks').body).toBe(print(addTypenameToDocument(TasksDocument)));
  });
});
