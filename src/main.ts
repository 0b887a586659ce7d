// Process entry: config -> database (migrations, demo data) -> HTTP server.
import { config } from './config';
import { openDatabase } from './database';
import { logger } from './logger';
import { seedDemoIfEmpty } from './seed/demo';
import { startLightSweep } from './light-sweep';
import { startOutbox } from './outbox';
import { startReminders } from './reminders';
import { createServer } from './server';
import { fileService, localFileStore } from './files';
import { closeRedis } from './redis';

async function main(): Promise<void> {
  const db = await openDatabase(config.db);
  if (config.seedDemo) await seedDemoIfEmpty(db, { print: true });
  const server = await createServer(db);
  const stopSweep = startLightSweep(db, (err) => logger.error({ err }, 'light sweep failed'));
  // Reminders: checked hourly, each day's run claimed in the database (one process of several runs it).
  const stopReminders = startReminders(db, (err) => logger.error({ err }, 'reminders failed'));
  // The webhook outbox, when ZEREN_WEBHOOK_URL is set.
  const stopOutbox = startOutbox(db, (err) => logger.error({ err }, 'webhook outbox failed'));
  // Uploads attached to nothing expire (checked hourly).
  const files = localFileStore(config.files.dir);
  const fileSweep = setInterval(() => {
    fileService.sweep(db, files, config.files.unattachedHours).catch((err) => logger.error({ err }, 'file sweep failed'));
  }, 3_600_000);
  fileSweep.unref();
  await new Promise<void>((resolve) => server.http.listen(config.port, config.host, resolve));
  const address = server.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, db: config.db.kind, playground: config.playground, shared: config.redisUrl ? 'redis' : 'this process' }, 'Zeren is listening');
  process.stdout.write(`\nZeren API:  http://${config.host}:${port}/graphql\n` +
    (config.playground ? `GraphiQL:   http://${config.host}:${port}/graphiql\n` : '') + '\n');

  // SIGTERM/SIGINT: new requests get 503, in-flight ones finish, subscriptions end, the
  // pool closes, exit 0. (Apollo's own signal handler is off: it would stop a second time.)
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    timer.unref();
    try {
      stopSweep();
      clearInterval(fileSweep);
      // A reminder run or a webhook pass in flight finishes beside the requests in flight.
      await Promise.all([server.stop(), stopReminders(), stopOutbox()]);
      await db.destroy();
      await closeRedis();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
});
