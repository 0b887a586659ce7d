// Imported first by a test file that runs with the webhook outbox on: new notifications are
// queued for delivery. The environment is read once, when src/config.ts is first loaded;
// the test passes its own receiver's URL to the worker (deliverPending's options).
process.env.ZEREN_WEBHOOK_URL = 'http://127.0.0.1:9/configured-but-unused';
process.env.ZEREN_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';
