// The migrations are the schema: applied to an empty database they match the
// entities exactly (the schema builder has nothing to do), and they revert cleanly.
import { describeDb, openTestDatabase, closeTestDatabase } from '../setup/db';
import { MIGRATIONS } from '../../migrations';
import type { DataSource } from 'typeorm';

describeDb('migrations', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase({ migrate: false });
  });
  afterAll(() => closeTestDatabase(ds));

  const drift = async (): Promise<string[]> =>
    (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

  it('apply on an empty database with no drift from the entities', async () => {
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(await drift()).toEqual([]);
  });

  it('revert all the way down and apply again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables = (await ds.createQueryRunner().getTables(['org_unit', 'official', 'post', 'account', 'audit_entry'])).map((t) => t.name);
    expect(tables).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await drift()).toEqual([]);
  });

  it('gives an upload stored under no city its uploader\'s city (021), and leaves the others', async () => {
    // Down to before 021 (CityKeys), whatever came after it.
    const after020 = MIGRATIONS.length - MIGRATIONS.findIndex((M) => new M().name.startsWith('CityKeys'));
    for (let i = 0; i < after020; i++) await ds.undoLastMigration({ transaction: 'each' });
    const at = '2025-05-01 10:00:00';
    await ds.query("INSERT INTO org_unit (id, cityId, parentId, name, level, kind, path, createdAt, updatedAt) VALUES (7, 7, NULL, 'City', 'CITY', 'AREA', '/7/', ?, ?)", [at, at]);
    await ds.query("INSERT INTO official (id, cityId, unitId, name, title, createdAt) VALUES (70, 7, 7, 'Uploader', 'Clerk', ?)", [at]);
    for (const [id, cityId] of [[1, 0], [2, 7]]) {
      await ds.query('INSERT INTO stored_file (id, cityId, sha256, size, contentType, name, uploadedByOfficialId, createdAt) VALUES (?, ?, ?, 1, ?, ?, 70, ?)',
        [id, cityId, `${id}`.padStart(64, '0'), 'image/png', `f${id}.png`, at]);
    }
    await ds.runMigrations({ transaction: 'each' });
    const files = await ds.query('SELECT id, cityId FROM stored_file ORDER BY id');
    expect(files.map((f: { id: number; cityId: number }) => [Number(f.id), Number(f.cityId)])).toEqual([[1, 7], [2, 7]]);
    await ds.query('DELETE FROM stored_file');
    await ds.query('DELETE FROM official');
    await ds.query('DELETE FROM org_unit');
    expect(await drift()).toEqual([]);
  });

  it('gives the units of an existing tree kind AREA and one open version each (005), and reverts', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const upTo004 = MIGRATIONS.findIndex((M) => new M().name.startsWith('OrgModel'));
    // Apply all but the last migration, add a small tree as it was before, then the last.
    const qr = ds.createQueryRunner();
    await qr.beforeMigration(); // as the migration runner does (SQLite: foreign keys off while tables are rebuilt)
    for (const M of MIGRATIONS.slice(0, upTo004)) await new M().up(qr);
    const at = '2025-05-01 10:00:00';
    await qr.query("INSERT INTO org_unit (id, cityId, parentId, name, level, path, createdAt, updatedAt) VALUES (1, 1, NULL, 'City', 'CITY', '/1/', ?, ?)", [at, at]);
    await qr.query("INSERT INTO org_unit (id, cityId, parentId, name, level, path, createdAt, updatedAt) VALUES (2, 1, 1, 'District', 'DISTRICT', '/1/2/', ?, ?)", [at, at]);
    await new MIGRATIONS[upTo004]().up(qr);
    const units = await qr.query('SELECT id, kind, closedOn FROM org_unit ORDER BY id');
    expect(units.map((u: { id: number; kind: string; closedOn: unknown }) => [Number(u.id), u.kind, u.closedOn])).toEqual([[1, 'AREA', null], [2, 'AREA', null]]);
    const versions = await qr.query('SELECT unitId, parentId, name, path, validFrom, validTo FROM org_unit_version ORDER BY unitId');
    expect(versions.map((v: Record<string, unknown>) => [Number(v.unitId), v.parentId === null ? null : Number(v.parentId), v.name, v.path, String(v.validFrom instanceof Date ? v.validFrom.toISOString() : v.validFrom).slice(0, 10), v.validTo]))
      .toEqual([[1, null, 'City', '/1/', '2000-01-01', null], [2, 1, 'District', '/1/2/', '2000-01-01', null]]);
    await new MIGRATIONS[upTo004]().down(qr);
    expect((await qr.getTable('org_unit'))!.columns.map((c) => c.name)).not.toContain('kind');
    expect(await qr.getTable('org_unit_version')).toBeUndefined();
    // Down the rest, and up again through the runner (which the earlier tests' state expects).
    for (const M of [...MIGRATIONS.slice(0, upTo004)].reverse()) await new M().down(qr);
    await qr.afterMigration();
    await qr.release();
    await ds.runMigrations({ transaction: 'each' });
    expect(await drift()).toEqual([]);
  });
});
