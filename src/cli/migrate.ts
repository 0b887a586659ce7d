// npm run migration:run / migration:revert against the configured database.
import { config } from '../config';
import { createDataSource } from '../data-source';

async function run(direction: string | undefined): Promise<void> {
  const ds = await createDataSource(config.db).initialize();
  try {
    if (direction === 'up') {
      const ran = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(ran.length ? `applied: ${ran.map((m) => m.name).join(', ')}\n` : 'up to date\n');
    } else if (direction === 'down') {
      await ds.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } else {
      throw new Error('usage: migrate up|down');
    }
  } finally {
    await ds.destroy();
  }
}

run(process.argv[2]).catch((err) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
