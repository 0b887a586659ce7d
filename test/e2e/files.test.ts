// Evidence files over HTTP (issue 14): real multipart uploads, the type read from the
// content (a text file named .png is refused), the size limit, content addressing (the
// same bytes kept once), attachment to a progress update's evidence, downloads by the
// rules of that record (the leader and posts in scope; a sibling street: absent), audited,
// and the expiry of an upload attached to nothing.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, today } from '../../src/clock';
import { config } from '../../src/config';
import { AuditEntry, DisciplinaryCase, Domain, StoredFile, type Official, type Task } from '../../src/entities';
import { CaseStatus } from '../../src/schema/enums';
import { fileService, localFileStore, type FileStore } from '../../src/files';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { createServer, type ZerenServer } from '../../src/server';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describeDb('evidence files', () => {
  let h: Harness;
  let server: ZerenServer;
  let store: FileStore;
  let dir: string;
  let base: string;
  let task: Task;
  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'zeren-files-'));
    store = localFileStore(dir);
    server = await createServer(h.db, { playground: false, fileStore: store });
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
    const { units, posts, officials } = h.fixture;
    task = await h.db.transaction((em) => new ResponsibilitySeeder(em).task(units.M1, posts.teamM1, officials.officeS1 as Official, {
      title: 'With photos', year: Number(today().slice(0, 4)), domain: 'HEALTH', milestones: [{ dueOn: addDays(today(), 30), targetPercent: 100 }],
    }));
  });
  afterAll(async () => {
    await server.stop();
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = async (persona: Persona | null, bytes: Buffer, name: string, type = 'application/octet-stream') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const res = await fetch(`${base}/files`, { method: 'POST', body: form, headers: persona ? { authorization: `Bearer ${await h.tokenOf(persona)}` } : {} });
    return { status: res.status, body: await res.json() as J };
  };
  const download = async (persona: Persona, id: string) => fetch(`${base}/files/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${await h.tokenOf(persona)}` } });
  const blobs = (): string[] => readdirSync(dir, { recursive: true }).map(String).filter((p) => /[0-9a-f]{64}$/.test(p) && statSync(join(dir, p)).isFile());

  it('takes a photo, refuses a disguised type and an over-size file, and keeps the same bytes once', async () => {
    const first = await upload('teamM1', PNG, '整改现场.png', 'image/png');
    expect(first.status).toBe(201);
    expect(first.body.data.file).toEqual(expect.objectContaining({ contentType: 'image/png', size: PNG.length, name: '整改现场.png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    const again = await upload('teamM1', PNG, 'copy.png', 'image/png');
    expect(again.body.data.file.sha256).toBe(first.body.data.file.sha256);
    expect(blobs()).toHaveLength(1);

    const disguised = await upload('teamM1', Buffer.from('not an image at all'), 'photo.png', 'image/png');
    expect([disguised.status, disguised.body.errors[0].extensions]).toEqual([415, { code: 'BAD_USER_INPUT', reason: 'type' }]);
    const big = await upload('teamM1', Buffer.concat([PNG, Buffer.alloc(config.files.maxBytes)]), 'big.png', 'image/png');
    expect([big.status, big.body.errors[0].extensions]).toEqual([413, { code: 'BAD_USER_INPUT', reason: 'too-large' }]);
    expect((await upload(null, PNG, 'a.png')).status).toBe(401);
    expect(blobs()).toHaveLength(1);
  });

  it('attaches an upload to progress evidence; the leader and posts in scope download it, a sibling street does not', async () => {
    const { body } = await upload('teamM1', PNG, 'site.png', 'image/png');
    const fileId = body.data.file.id;
    // Only the uploader may attach it.
    const post = (persona: Persona, percent: number) => h.exec(
      'mutation P($input: PostProgressInput!) { postProgress(input: $input) { evidence { title file { id name contentType downloadUrl } } } }',
      { input: { taskId: encodeId('Task', task.id), text: 'with a photo', percent, evidence: [{ title: '现场照片', fileId }] } }, persona,
    );
    const res = await post('teamM1', 30);
    expect(res.errors).toBeUndefined();
    const evidence = (res.data as J).postProgress.evidence[0];
    expect(evidence.file).toEqual({ id: fileId, name: 'site.png', contentType: 'image/png', downloadUrl: `/files/${fileId}` });

    const before = await h.db.getRepository(AuditEntry).countBy({ operation: 'downloadFile' });
    for (const persona of ['teamM1', 'officeS1', 'secretaryM1'] as Persona[]) {
      const got = await download(persona, fileId);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    }
    expect(await h.db.getRepository(AuditEntry).countBy({ operation: 'downloadFile' })).toBe(before + 3);
    for (const persona of ['officeS2', 'officeD2'] as Persona[]) {
      const got = await download(persona, fileId);
      expect(got.status).toBe(404);
      expect(((await got.json()) as J).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    // node(id) follows the same rule.
    const seen = await h.exec('query N($id: ID!) { node(id: $id) { id } }', { id: fileId }, 'officeS2');
    expect((seen.data as J).node).toBeNull();
  });

  it('lets only the uploader see or attach an upload attached to nothing, and removes it when it expires', async () => {
    const { body } = await upload('teamM2', Buffer.from('%PDF-1.4 a scan'), 'scan.pdf', 'application/pdf');
    const fileId = body.data.file.id;
    expect((await download('teamM2', fileId)).status).toBe(200);
    expect((await download('teamM1', fileId)).status).toBe(404);
    const res = await h.exec('mutation P($input: PostProgressInput!) { postProgress(input: $input) { id } }',
      { input: { taskId: encodeId('Task', task.id), text: 'not mine', percent: 40, evidence: [{ title: 'x', fileId }] } }, 'teamM1');
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const count = blobs().length;
    // Older than the limit: swept, its content with it (no other upload names those bytes).
    await h.db.getRepository(StoredFile).update({ name: 'scan.pdf' }, { createdAt: new Date(Date.now() - (config.files.unattachedHours + 1) * 3_600_000) });
    expect(await fileService.sweep(h.db, store, config.files.unattachedHours)).toBe(1);
    expect(blobs()).toHaveLength(count - 1);
    expect((await download('teamM2', fileId)).status).toBe(404);
    // Attached files never expire.
    expect(await h.db.getRepository(StoredFile).countBy({ name: 'site.png' })).toBe(1);
  });

  it('attaches files to a case (案卷) for DISCIPLINE investigating it; the subject and other trees download nothing', async () => {
    const { units, officials } = h.fixture;
    const domain = await h.db.getRepository(Domain).findOneByOrFail({ code: 'EDUCATION' });
    const { identifiers } = await h.db.manager.insert(DisciplinaryCase, {
      cityId: units.M1.cityId, unitId: units.M1.id, issuerUnitId: units.D1.id, officialId: officials.teamM1.id, domainId: domain.id,
      incidentOn: addDays(today(), -30), title: 'Case with files', summary: 's', leadId: null, status: CaseStatus.OPEN,
      openedByOfficialId: officials.disciplineD1.id, openedAt: new Date(), closedAt: null,
    });
    const caseId = encodeId('DisciplinaryCase', Number(identifiers[0].id));
    const scan = (await upload('disciplineD1', Buffer.from('%PDF-1.7 谈话笔录'), '谈话笔录.pdf', 'application/pdf')).body.data.file.id;
    const attach = (persona: Persona, fileIds: string[]) => h.exec(
      'mutation A($r: ID!, $f: [ID!]!) { attachFiles(recordId: $r, fileIds: $f) { name contentType } }', { r: caseId, f: fileIds }, persona,
    );
    // Not an investigator of it (an OFFICE does not even see the case), or not one's own upload.
    expect(codes(await attach('officeD1', [scan]))).toEqual(['NOT_FOUND']);
    expect(codes(await attach('disciplineC1', [scan]))).toEqual(['NOT_FOUND']);
    const attached = await attach('disciplineD1', [scan]);
    expect(attached.errors).toBeUndefined();
    expect((attached.data as J).attachFiles).toEqual([{ name: '谈话笔录.pdf', contentType: 'application/pdf' }]);
    const listed = await h.exec('query C($id: ID!) { node(id: $id) { ... on DisciplinaryCase { files { id name } } } }', { id: caseId }, 'disciplineC1');
    expect((listed.data as J).node.files).toEqual([{ id: scan, name: '谈话笔录.pdf' }]);
    for (const [persona, status] of [['disciplineD1', 200], ['disciplineC1', 200], ['teamM1', 404], ['disciplineC2', 404], ['officeD1', 404]] as const) {
      expect({ persona, status: (await download(persona, scan)).status }).toEqual({ persona, status });
    }
  });
});
