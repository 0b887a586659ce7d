// Imported first by a test file that runs with late entries refused: the environment is
// read once, when src/config.ts is first loaded, and each test file loads its own modules.
process.env.ZEREN_LATE_ENTRY = 'refuse';
process.env.ZEREN_LATE_ENTRY_GRACE_DAYS = '2';
