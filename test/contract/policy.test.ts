// The policy applicator (src/auth/policy.ts): a rule is paid per field, not per value.
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { allow, rule } from 'graphql-shield';
import { applyPolicy } from '../../src/auth/policy';
import { buildAppSchema } from '../../src/schema/build-schema';

// Database-independent: runs in the sqlite project only.
(process.env.ZEREN_TEST_DB === 'mariadb' ? describe.skip : describe)('the policy applicator', () => {
  let calls: { viewer: number; row: number };
  let schema: GraphQLSchema;

  beforeEach(() => {
    calls = { viewer: 0, row: 0 };
    schema = buildSchema(`
      type Query { a: Int  b: Int  items: [Item!]!  secret: Int  open: Int }
      type Item { id: Int!  mine: Boolean  price: Int }
    `);
    const root = schema.getQueryType()!.getFields();
    root.a.resolve = () => 1;
    root.b.resolve = () => 2;
    root.items.resolve = () => [{ id: 1, owner: 7, price: 10 }, { id: 2, owner: 8, price: 20 }, { id: 3, owner: 7, price: 30 }];
    root.secret.resolve = () => 42;
    root.open.resolve = () => 5;
    const signedIn = rule('test:signedIn', { cache: 'contextual' })(() => { calls.viewer += 1; return true; });
    const ownsItem = rule('test:ownsItem', { cache: 'strict' })((item: { owner: number }, _a, ctx: { me: number }) => {
      calls.row += 1;
      return item.owner === ctx.me;
    });
    applyPolicy(schema, {
      Query: { a: signedIn, b: signedIn, items: signedIn, open: allow },
      Item: { '*': allow, price: ownsItem },
    });
  });

  const run = (query: string, ctx: object) => graphql({ schema, source: query, contextValue: { loaders: {}, me: 7, ...ctx } });

  it('decides a viewer-only rule once per request, and again for a new request', async () => {
    const ctx = { loaders: {} };
    await run('{ a b x: a y: b items { id } }', ctx);
    expect(calls.viewer).toBe(1);
    await run('{ a b }', ctx);
    expect(calls.viewer).toBe(1);
    await run('{ a b }', { loaders: {} });
    expect(calls.viewer).toBe(2);
  });

  it('evaluates a record rule per value, and refuses with FORBIDDEN at the path', async () => {
    const res = await run('{ items { id price } }', {});
    expect(calls.row).toBe(3);
    expect(res.data).toEqual({ items: [{ id: 1, price: 10 }, { id: 2, price: null }, { id: 3, price: 30 }] });
    expect(res.errors?.map((e) => [e.path, e.extensions.code])).toEqual([[['items', 1, 'price'], 'FORBIDDEN']]);
  });

  it('denies what the map does not name, and answers allow fields', async () => {
    const res = await run('{ secret open }', {});
    expect(res.data).toEqual({ secret: null, open: 5 });
    expect(res.errors?.map((e) => [e.path, e.extensions.code])).toEqual([[['secret'], 'FORBIDDEN']]);
  });

  it('refuses a map that names a field the schema lacks', () => {
    expect(() => applyPolicy(buildSchema('type Query { a: Int }'), { Query: { a: allow, b: allow } })).toThrow(/Query\.b/);
  });

  it('on the served schema, a plain field whose rule is allow has no resolver at all (no per-value work)', async () => {
    const served = await buildAppSchema();
    const task = served.getType('Task') as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    expect(task.getFields().title.resolve).toBeUndefined();
    expect(task.getFields().percent.resolve).toBeUndefined();
    // A guarded field is wrapped.
    expect(typeof task.getFields().ratings.resolve).toBe('function');
  });
});
