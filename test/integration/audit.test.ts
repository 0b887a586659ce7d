// Every mutation writes an audit entry in its own transaction; ADMIN reads their
// subtree's entries, DISCIPLINE of a city its city's; nobody else reads any.
import { AuditEntry } from '../../src/entities';
import { AuditLogDocument, CreateOrgUnitDocument, NodeDocument, RenameOrgUnitDocument } from '../generated/graphql';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { codes, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

describeDb('audit log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const { units } = h.fixture;
    for (const [persona, parent, name] of [['adminD1', units.S1, 'Audit D1'], ['adminD2', units.S3, 'Audit D2'], ['adminC2', units.D3, 'Audit C2']] as const) {
      const res = await h.exec(CreateOrgUnitDocument, { input: { parentId: unitId(parent), name, level: parent.level === 'DISTRICT' ? 'STREET' : 'COMMUNITY' } }, persona);
      expect(res.errors).toBeUndefined();
    }
    await h.exec(RenameOrgUnitDocument, { id: unitId(units.M1), name: 'Unit M1 (renamed)' }, 'adminC1');
  });
  afterAll(() => h.close());

  const visible = async (persona: Persona): Promise<string[]> => {
    const res = await h.exec(AuditLogDocument, { filter: { recordType: 'OrgUnit' }, first: 100 }, persona);
    expect(res.errors).toBeUndefined();
    return res.data!.auditLog.edges.map((e) => (e.node.after as { name: string }).name).sort();
  };

  it.each([
    ['adminC1', ['Audit D1', 'Audit D2', 'Unit M1 (renamed)']],
    ['adminD1', ['Audit D1', 'Unit M1 (renamed)']],
    ['adminD2', ['Audit D2']],
    ['adminC2', ['Audit C2']],
    ['disciplineC1', ['Audit D1', 'Audit D2', 'Unit M1 (renamed)']],
    ['disciplineC2', ['Audit C2']],
  ] as [Persona, string[]][])('%s sees exactly its entries', async (persona, expected) => {
    expect(await visible(persona)).toEqual(expected.sort());
  });

  it.each(['disciplineD1', 'officeD1', 'secretaryS1', 'analystC1', 'teamM1', 'retired'] as Persona[])('%s may not read the audit log', async (persona) => {
    expect(codes(await h.exec(AuditLogDocument, {}, persona))).toEqual(['FORBIDDEN']);
  });

  it('records who, when, what, and before/after', async () => {
    const res = await h.exec(AuditLogDocument, { filter: { operation: 'renameOrgUnit' } }, 'adminC1');
    const [entry] = res.data!.auditLog.edges.map((e) => e.node);
    expect(entry).toEqual(expect.objectContaining({
      operation: 'renameOrgUnit', recordType: 'OrgUnit', recordId: unitId(h.fixture.units.M1), unitPath: h.fixture.units.M1.path,
      actor: { name: 'Official adminC1' },
    }));
    expect(entry.before).toEqual(expect.objectContaining({ name: 'Unit M1' }));
    expect(entry.after).toEqual(expect.objectContaining({ name: 'Unit M1 (renamed)' }));
    expect(Math.abs(new Date(entry.at).getTime() - Date.now())).toBeLessThan(60_000);
    // node() follows the same scope.
    expect((await h.exec(NodeDocument, { id: entry.id }, 'adminD1')).data!.node).toEqual(expect.objectContaining({ operation: 'renameOrgUnit' }));
    expect((await h.exec(NodeDocument, { id: entry.id }, 'adminD2')).data!.node).toBeNull();
    expect((await h.exec(NodeDocument, { id: entry.id }, 'teamM1')).data!.node).toBeNull();
  });

  it('records sign-ins without secrets', async () => {
    await h.exec('mutation { login(username: "teamm1", password: "wrong-password") { token } }', {}, null);
    const rows = await h.db.getRepository(AuditEntry).findBy({ operation: 'loginFailed' });
    expect(rows).toHaveLength(1);
    expect(`${rows[0].before} ${rows[0].after}`).not.toMatch(/password|hash|scrypt/i);
  });

  it('writes the audit entry in the same transaction as the change', async () => {
    // A failing audit insert must roll the change back: make the audit table refuse writes.
    const before = await h.db.getRepository(AuditEntry).count();
    await h.db.query('ALTER TABLE audit_entry RENAME TO audit_entry_away');
    try {
      const res = await h.exec(RenameOrgUnitDocument, { id: unitId(h.fixture.units.M2), name: 'Must not stick' }, 'adminC1');
      expect(codes(res)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(res.errors)).not.toMatch(/audit_entry|SELECT|INSERT|at .*\.ts/);
    } finally {
      await h.db.query('ALTER TABLE audit_entry_away RENAME TO audit_entry');
    }
    const unit = await h.exec('query($id: ID!) { orgUnit(id: $id) { name } }', { id: unitId(h.fixture.units.M2) }, 'adminC1');
    expect(unit.data).toEqual({ orgUnit: { name: 'Unit M2' } });
    expect(await h.db.getRepository(AuditEntry).count()).toBe(before);
  });
});
