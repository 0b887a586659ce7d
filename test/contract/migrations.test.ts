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
});
