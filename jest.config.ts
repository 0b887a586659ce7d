// Two projects run the same suite: on embedded SQLite and on MariaDB (a throwaway
// mariadbd started by test/setup/mariadb-global.ts, or TEST_MYSQL_URL).
import type { Config } from 'jest';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
] as const;

/** A representative part of the suite that also runs on a 3-node Galera cluster (writes on every node), with the cluster's own tests. */
const ON_GALERA = ['tasks', 'notices', 'accountability', 'responsibility', 'bulk', 'work-items'].map((f) => `<rootDir>/test/integration/${f}.test.ts`);

const project = (name: 'sqlite' | 'mariadb' | 'galera'): Config => ({
  displayName: name,
  testEnvironment: 'node',
  // jose 6 ships ESM only: swc turns it into CommonJS for jest.
  transform: { '^.+\\.ts$': swc as never, '^.+/node_modules/jose/.+\\.js$': swc as never },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: name === 'galera' ? [...ON_GALERA, '<rootDir>/test/cluster/**/*.test.ts'] : ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: name === 'galera' ? [] : ['<rootDir>/test/cluster/'],
  setupFiles: [`<rootDir>/test/setup/env-${name}.ts`],
  setupFilesAfterEnv: ['<rootDir>/test/setup/portable-sql-gate.ts'],
  globalSetup: name === 'sqlite' ? undefined : `<rootDir>/test/setup/${name}-global.ts`,
  globalTeardown: `<rootDir>/test/setup/${name}-teardown.ts`,
});

const config: Config = {
  projects: [project('sqlite'), project('mariadb'), project('galera')],
  testTimeout: 60_000,
};

export default config;
