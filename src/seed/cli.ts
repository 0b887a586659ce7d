// npm run seed: loads the demo data into the configured database (SQLite or MySQL)
// when it has no units yet.
import { config } from '../config';
import { openDatabase } from '../database';
import { seedDemoIfEmpty } from './demo';

async function run(): Promise<void> {
  const db = await openDatabase(config.db);
  const seeded = await seedDemoIfEmpty(db, { print: true });
  if (!seeded) process.stdout.write('The database already has units; nothing seeded.\n');
  await db.destroy();
}

run().catch((err) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
