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

const project = (name: 'sqlite' | 'mariadb'): Config => ({
  displayName: name,
  testEnvironment: 'node',
  // jose 6 ships ESM only: swc turns it into CommonJS for jest.
  transform: { '^.+\\.ts$': swc as never, '^.+/node_modules/jose/.+\\.js$': swc as never },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: [`<rootDir>/test/setup/env-${name}.ts`],
  globalSetup: name === 'mariadb' ? '<rootDir>/test/setup/mariadb-global.ts' : undefined,
  globalTeardown: name === 'mariadb' ? '<rootDir>/test/setup/mariadb-teardown.ts' : undefined,
});

const config: Config = {
  projects: [project('sqlite'), project('mariadb')],
  testTimeout: 60_000,
};

export default config;
