// Raw rows hydrated by src/schema/rows.ts: every column of every entity gets the value the
// driver's own conversion gives (prepareHydratedValue), also where the hydrator skips the
// call (text and integers), and whole records read by hand-kept SQL equal TypeORM's.
import type { DataSource } from 'typeorm';
import { OrgUnit, Task } from '../../src/entities';
import { hydrate, rowsById } from '../../src/schema/rows';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';
import { seedFixture } from '../setup/fixture';

describeDb('rows: hydration by generated functions', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await closeTestDatabase(db);
  });

  it('gives each column the driver\'s conversion of its value, for values of every kind', () => {
    const samples: unknown[] = [null, 0, 42, -7, 3.5, 2 ** 53, '12', 'text', '2026-03-04', '2026-03-04 05:06:07.089', 1, '1', '{"a":1}'];
    const differences: string[] = [];
    for (const meta of db.entityMetadatas) {
      for (const column of meta.columns) {
        for (const value of samples) {
          let expected: unknown;
          try {
            expected = db.driver.prepareHydratedValue(value, column);
          } catch {
            continue; // a value the column never holds (the driver itself throws on it)
          }
          const got = (hydrate(db, meta.target as new () => object, { [column.propertyName]: value }) as Record<string, unknown>)[column.propertyName];
          if (!Object.is(JSON.stringify(got), JSON.stringify(expected)) || typeof got !== typeof expected) {
            differences.push(`${meta.name}.${column.propertyName} (${String(column.type)}) ${JSON.stringify(value)}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
          }
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('reads whole records by id as TypeORM does', async () => {
    await seedFixture(db);
    const ids = (await db.getRepository(OrgUnit).find({ select: { id: true }, take: 5 })).map((u) => u.id);
    expect(ids.length).toBe(5);
    const byHand = await rowsById(db, OrgUnit, ids);
    const byTypeOrm = await db.getRepository(OrgUnit).findBy(ids.map((id) => ({ id })));
    const sorted = <T extends { id: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id - b.id);
    expect(sorted(byHand)).toEqual(sorted(byTypeOrm));
    expect(byHand.every((u) => u instanceof OrgUnit)).toBe(true);
    expect(await rowsById(db, Task, [])).toEqual([]);
  });
});
