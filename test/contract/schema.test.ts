// The schema as a contract: the committed SDL, the generated operations (public and
// test) and the trusted-documents manifest are current, every type, field and argument
// is described, and every field has an explicit rule in the one policy map.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  getNamedType, isInputObjectType, parse, validate, isInterfaceType, isIntrospectionType, isObjectType, isSpecifiedScalarType, type GraphQLSchema,
} from 'graphql';
import { allow, deny } from 'graphql-shield';
import { RULES } from '../../src/auth/permissions';
import { EXAMPLE_TABS } from '../../src/playground/client/examples';
import { buildBareSchema, printSdl } from '../../src/schema/build-schema';

const root = join(__dirname, '../..');

// Database-independent: runs in the sqlite project only.
(process.env.ZEREN_TEST_DB === 'mariadb' ? describe.skip : describe)('schema contract', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildBareSchema();
  });

  it('matches the committed src/schema/schema.graphql (run npm run schema)', () => {
    expect(printSdl(schema)).toBe(readFileSync(join(root, 'src/schema/schema.graphql'), 'utf8'));
  });

  it('has current generated operations and trusted-documents manifest (npm run codegen -- --check)', () => {
    // The same check a developer runs: fails on stale output or an operation the schema does not satisfy.
    const run = () => execFileSync(join(root, 'node_modules/.bin/ts-node'), ['--swc', 'scripts/codegen.ts', '--check'], {
      cwd: root, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NODE_ENV: 'test' },
    });
    expect(run).not.toThrow();
  });

  it('opens the playground with example tabs the schema accepts', () => {
    for (const tab of EXAMPLE_TABS) expect([tab.query.split('\n')[0], validate(schema, parse(tab.query)).map((e) => e.message)]).toEqual([tab.query.split('\n')[0], []]);
  });

  it('has no field taking two arguments of one input type (arguments are validated once per field and type)', () => {
    const shared: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const inputs = field.args.map((a) => getNamedType(a.type)).filter(isInputObjectType);
        if (new Set(inputs).size !== inputs.length) shared.push(`${type.name}.${field.name}`);
      }
    }
    expect(shared).toEqual([]);
  });

  it('describes every type, field, argument and input field', () => {
    // Front-end teams and analysts read these in the playground (issue 14).
    const missing: string[] = [];
    const check = (name: string, description: string | null | undefined) => {
      if (!description?.trim()) missing.push(name);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
      if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) continue;
      check(type.name, type.description);
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of 'args' in field ? field.args : []) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
      }
    }
    expect(missing).toEqual([]);
  });

  const rules = RULES as Record<string, Record<string, unknown>>;

  it('names every root field explicitly in the policy (no wildcard at the root)', () => {
    for (const type of [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!]) {
      const missing = Object.keys(type.getFields()).filter((f) => !(f in (rules[type.name] ?? {})));
      expect({ type: type.name, missing }).toEqual({ type: type.name, missing: [] });
      expect(rules[type.name]).not.toHaveProperty('*');
    }
  });

  it('covers every field of every object type, with no rule for a field that does not exist', () => {
    const uncovered: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type)) continue;
      for (const field of Object.keys(type.getFields())) {
        if (!rules[type.name] || !(field in rules[type.name] || '*' in rules[type.name])) uncovered.push(`${type.name}.${field}`);
      }
      for (const field of Object.keys(rules[type.name] ?? {})) {
        if (field !== '*' && !(field in type.getFields())) uncovered.push(`rule for missing ${type.name}.${field}`);
      }
    }
    for (const name of Object.keys(rules)) if (!schema.getType(name)) uncovered.push(`rule for missing type ${name}`);
    expect(uncovered).toEqual([]);
  });

  it('guards the sensitive fields with their named rules (a change here is a permission change)', () => {
    const policy: Record<string, string> = {};
    for (const [type, fields] of Object.entries(rules)) {
      for (const [field, rule] of Object.entries(fields)) {
        policy[`${type}.${field}`] = rule === allow ? 'allow' : rule === deny ? 'deny' : (rule as { name: string }).name;
      }
    }
    expect(policy).toMatchSnapshot();
  });
});
