// ZEREN_EXECUTOR: the same operations through Apollo on graphql-js and on graphql-jit
// give the same responses and statuses: nested connections with lazy totalCounts, a
// field refused with FORBIDDEN at its path, null propagation, variable coercion errors,
// input defaults, aliases, abstract types and __typename, introspection, masked errors.
// Two differences are allowed and pinned: the order of errors, and how many errors a
// list nulled by a failing non-null item reports.
import type { AddressInfo } from 'node:net';
import type { GraphQLFormattedError, GraphQLObjectType } from 'graphql';
import { addDays, today } from '../../src/clock';
import type { Context } from '../../src/context';
import type { Official, OrgUnit } from '../../src/entities';
import { Visibility } from '../../src/schema/enums';
import { APOLLO_GATEWAY_CONTEXT } from '../../src/schema/executor';
import { encodeId } from '../../src/schema/node';
import { mapNodes, pageOf, toConnection } from '../../src/schema/pagination';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { createServer, type ZerenServer } from '../../src/server';
import { describeDb } from '../setup/db';
import type { Persona } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';
import { officialId, unitId } from '../setup/ids';

const DAY = today();
const YEAR = Number(DAY.slice(0, 4));

describeDb('executors: graphql-js and graphql-jit answer alike', () => {
  let h: Harness;
  let graphqlJs: ZerenServer;
  let jit: ZerenServer;
  /** With introspection on (the playground configuration). */
  let open: { graphqlJs: ZerenServer; jit: ZerenServer };
  let taskIds: string[];

  beforeAll(async () => {
    h = await startHarness({ executor: 'graphql' });
    graphqlJs = h.server;
    jit = await createServer(h.db, { executor: 'jit', playground: false });
    open = {
      graphqlJs: await createServer(h.db, { executor: 'graphql', playground: true }),
      jit: await createServer(h.db, { executor: 'jit', playground: true }),
    };
    const { units, posts, officials } = h.fixture;
    const tasks = await h.db.transaction(async (em) => {
      const seed = new ResponsibilitySeeder(em);
      const creator = officials.officeS1 as Official;
      return [
        await seed.task(units.S1, posts.secretaryS1, creator, {
          title: 'S1 task', year: YEAR, domain: 'PARTY_BUILDING', milestones: [{ dueOn: addDays(DAY, -3), targetPercent: 50 }, { dueOn: addDays(DAY, 60), targetPercent: 100 }], progress: [[20, 'started']],
        }),
        await seed.task(units.M1, posts.teamM1, creator, {
          title: 'M1 task', year: YEAR, domain: 'EDUCATION', visibility: Visibility.PUBLIC, milestones: [{ dueOn: addDays(DAY, 7), targetPercent: 100 }],
        }),
        await seed.task(units.M2, posts.teamM2, creator, {
          title: 'M2 task', year: YEAR, domain: 'EDUCATION', milestones: [{ dueOn: addDays(DAY, 30), targetPercent: 100 }], progress: [[40, 'half'], [60, 'more']],
        }),
      ];
    });
    taskIds = tasks.map((t) => encodeId('Task', t.id));
  });
  afterAll(async () => {
    await Promise.all([jit.stop(), open.graphqlJs.stop(), open.jit.stop()]);
    await h.close();
  });

  const run = async (
    server: ZerenServer, query: string, variables: Record<string, unknown>, as: Persona | null, operationName?: string,
    alter: (ctx: Context) => Context = (ctx) => ctx,
  ) => {
    const res = await server.apollo.executeOperation(
      { query, variables, operationName },
      { contextValue: alter(await server.contextFor(as && (await h.tokenOf(as)))) },
    );
    if (res.body.kind !== 'single') throw new Error('unexpected incremental result');
    return { status: res.http.status ?? 200, body: res.body.singleResult };
  };

  /**
   * Errors in the order they are listed: that is the order in which fields completed, and
   * when resolvers wait on the database (MariaDB) it differs between the two executors,
   * as it may between two runs. The spec leaves it open; clients read errors by path.
   */
  const inPathOrder = (errors: readonly GraphQLFormattedError[] | undefined) =>
    errors && [...errors].map((e) => JSON.stringify(e)).sort();

  /**
   * Runs the operation on both (twice on graphql-jit: compiled, then from its cache) and
   * returns graphql-js's answer: the same status, the same data as serialised (key order,
   * absent members) and the same errors, each exactly.
   */
  const same = async (
    query: string, variables: Record<string, unknown>, as: Persona | null, operationName?: string, servers = { graphqlJs, jit },
  ) => {
    const expected = await run(servers.graphqlJs, query, variables, as, operationName);
    for (let i = 0; i < 2; i++) {
      const actual = await run(servers.jit, query, variables, as, operationName);
      expect(actual.status).toBe(expected.status);
      expect(Object.keys(actual.body)).toEqual(Object.keys(expected.body));
      expect(JSON.stringify(actual.body.data)).toBe(JSON.stringify(expected.body.data));
      expect(inPathOrder(actual.body.errors)).toEqual(inPathOrder(expected.body.errors));
    }
    return expected;
  };

  const overHttp = async (server: ZerenServer, body: object, as: Persona) => {
    if (!server.http.listening) await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    const res = await fetch(`http://127.0.0.1:${(server.http.address() as AddressInfo).port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.tokenOf(as)}` },
      body: JSON.stringify(body),
    });
    const { errors, ...rest } = JSON.parse(await res.text()) as { errors?: GraphQLFormattedError[] };
    // The text without the errors, and the errors (see inPathOrder).
    return { status: res.status, type: res.headers.get('content-type'), text: JSON.stringify(rest), errors: inPathOrder(errors) };
  };

  const TASK = 'id title percent light overdue nextDueOn createdAt leader { role official { name phone } } milestones { dueOn targetPercent reached } ratings { quarter }';

  it('a subtree with nested task connections, lazy totalCounts and a phone refused per task', async () => {
    const query = `query Subtree($id: ID!, $year: Int!) {
      orgUnit(id: $id) {
        __typename name level
        tasks(filter: { year: $year }, first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${TASK} } } }
        children { name tasks(filter: { year: $year }, first: 1) { totalCount edges { node { ${TASK} } } pageInfo { hasNextPage } } }
      }
    }`;
    for (const as of ['officeS1', 'teamM2', 'disciplineD1'] as Persona[]) {
      const { body } = await same(query, { id: unitId(h.fixture.units.S1), year: YEAR }, as);
      expect(body.data).toMatchObject({ orgUnit: { name: 'Unit S1', tasks: { totalCount: expect.any(Number) } } });
      if (as === 'officeS1') expect(body.errors).toBeUndefined();
    }
    // teamM2 sees only the PUBLIC task and its own; phones of others are refused at their paths.
    const { body } = await same(query, { id: unitId(h.fixture.units.S1), year: YEAR }, 'teamM2');
    expect(body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual(
      expect.arrayContaining([['FORBIDDEN', 'orgUnit.children.0.tasks.edges.0.node.leader.official.phone']]),
    );
  });

  it('graphql-jit reads stored columns and connection fields as properties; lazy, computed and related fields keep a resolver in the schema', () => {
    const resolved = (coordinate: string): boolean => {
      const [type, field] = coordinate.split('.');
      return Boolean((jit.schema.getType(type) as GraphQLObjectType).getFields()[field].resolve);
    };
    const plain = ['Task.title', 'Task.percent', 'OrgUnit.name', 'Official.name', 'TaskEdge.node', 'TaskEdge.cursor', 'TaskConnection.edges', 'TaskConnection.pageInfo', 'PageInfo.hasNextPage'];
    const called = ['TaskConnection.totalCount', 'Task.id', 'Task.light', 'Task.nextDueOn', 'Task.leader', 'Post.official', 'Official.phone', 'OrgUnit.children'];
    expect({ plain: plain.filter(resolved), called: called.filter((c) => !resolved(c)) }).toEqual({ plain: [], called: [] });
  });

  describe('property reads of graphql-jit', () => {
    const COUNTED = ['Task.id', 'Task.light', 'Task.nextDueOn', 'Task.leader', 'Post.official', 'Task.unit', 'Official.phone'];
    const calls = new Map<string, number>();
    const originals = new Map<string, unknown>();
    beforeAll(() => {
      for (const coordinate of COUNTED) {
        const [type, name] = coordinate.split('.');
        const field = (jit.schema.getType(type) as GraphQLObjectType).getFields()[name];
        const resolve = field.resolve!;
        originals.set(coordinate, resolve);
        field.resolve = (...a) => {
          calls.set(coordinate, (calls.get(coordinate) ?? 0) + 1);
          return resolve(...a);
        };
      }
    });
    afterAll(() => {
      for (const coordinate of COUNTED) {
        const [type, name] = coordinate.split('.');
        (jit.schema.getType(type) as GraphQLObjectType).getFields()[name].resolve = originals.get(coordinate) as never;
      }
    });
    /** The resolver calls graphql-jit makes for the operation (its answer checked against graphql-js's first). */
    const callsOnJit = async (query: string, variables: Record<string, unknown>, as: Persona) => {
      await same(query, variables, as);
      calls.clear();
      const { body } = await run(jit, query, variables, as);
      return { body, calls: Object.fromEntries([...calls].sort()) };
    };
    const LIST = 'tasks(filter: { year: $year }, first: 100) { edges { node { id title light nextDueOn leader { official { name phone } } unit { name } } } }';

    it('reads pure fields and the relations a list reads with its nodes as properties; a guarded field keeps its rule per value', async () => {
      const query = `query Tree($id: ID!, $year: Int!) { orgUnit(id: $id) { ${LIST} children { ${LIST} } } }`;
      const { body, calls: made } = await callsOnJit(query, { id: unitId(h.fixture.units.S1), year: YEAR }, 'teamM2');
      const nodes = JSON.stringify(body.data).match(/"title"/g)!.length;
      expect(nodes).toBeGreaterThanOrEqual(2);
      // Only the phone's rule (and its audit) runs per value: teamM2 is refused some phones.
      expect(made).toEqual({ 'Official.phone': nodes });
      expect(body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    });

    it('calls the resolver of a relation met anywhere its list does not read it, in that whole document', async () => {
      const query = `query Mixed($id: ID!, $year: Int!, $task: ID!) {
        orgUnit(id: $id) { ${LIST} }
        task(id: $task) { title leader { official { name } } }
        node(id: $task) { ... on Task { unit { name } } }
      }`;
      const { body, calls: made } = await callsOnJit(query, { id: unitId(h.fixture.units.S1), year: YEAR, task: taskIds[0] }, 'officeS1');
      const listed = (body.data as { orgUnit: { tasks: { edges: unknown[] } } }).orgUnit.tasks.edges.length;
      expect(listed).toBeGreaterThanOrEqual(1);
      expect(made).toEqual({ 'Official.phone': listed, 'Post.official': listed + 1, 'Task.leader': listed + 1, 'Task.unit': listed + 1 });
    });

    it('leaves the schema as it was: introspection names every field as declared', async () => {
      await run(open.jit, `query Tree($id: ID!, $year: Int!) { orgUnit(id: $id) { ${LIST} } }`, { id: unitId(h.fixture.units.S1), year: YEAR }, 'officeS1');
      const { body } = await run(open.jit, '{ __type(name: "Task") { fields { name } } }', {}, 'officeS1');
      const names = (body.data as { __type: { fields: { name: string }[] } }).__type.fields.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(['id', 'light', 'nextDueOn', 'leader', 'unit']));
      expect(names.filter((n) => n === 'globalId' || n.startsWith('$') || n === 'leaderPost')).toEqual([]);
    });
  });

  it('a list filtered by a variable input object whose omitted non-null field has a default (TaskFilter.subtree)', async () => {
    const query = `query Tasks($filter: TaskFilter, $first: Int!) {
      tasks(filter: $filter, first: $first, sort: TITLE) { totalCount edges { node { title unit { name parent { name } } } } }
    }`;
    const { body } = await same(query, { filter: { unitId: unitId(h.fixture.units.S1) }, first: 10 }, 'officeS1');
    expect(body.data).toEqual({ tasks: { totalCount: 3, edges: ['M1 task', 'M2 task', 'S1 task'].map((title) => expect.objectContaining({ node: expect.objectContaining({ title }) })) } });
    const notSubtree = await same(query, { filter: { unitId: unitId(h.fixture.units.S1), subtree: false }, first: 10 }, 'officeS1');
    expect(notSubtree.body.data).toMatchObject({ tasks: { totalCount: 1 } });
  });

  it('fields refused with FORBIDDEN at their paths, the rest of the data there', async () => {
    const { body } = await same('query Contact($id: ID!) { official(id: $id) { name phone idNumber account { username } } }',
      { id: officialId(h.fixture.officials.secretaryM1) }, 'teamM2');
    expect(body.data).toEqual({ official: { name: 'Official secretaryM1', phone: null, idNumber: null, account: null } });
    expect(body.errors?.map((e) => `${e.extensions?.code} ${e.path?.join('.')}`).sort()).toEqual([
      'FORBIDDEN official.account', 'FORBIDDEN official.idNumber', 'FORBIDDEN official.phone',
    ]);
  });

  it('a refused non-null root field nulls the whole data', async () => {
    const { body } = await same('{ viewer { name } auditLog(first: 5) { totalCount } }', {}, 'teamM1');
    expect(body.data).toBeNull();
    expect(body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'auditLog']]);
  });

  it('variable coercion errors: BAD_USER_INPUT with status 400, nothing executed', async () => {
    const list = 'query Units($first: Int!, $filter: OrgUnitFilter) { orgUnits(first: $first, filter: $filter) { totalCount } }';
    for (const variables of [{ first: 'ten' }, {}, { first: 5, filter: { level: 'NOWHERE' } }, { first: 5, filter: { colour: 'red' } }]) {
      const res = await same(list, variables, 'officeS1');
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    // Introspection alone is not costed: with introspection on, these reach the executor's own variable check.
    const type = 'query T($name: String!) { __type(name: $name) { name kind } }';
    const res = await same(type, { name: 5 }, 'officeS1', undefined, open);
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect((await same(type, {}, 'officeS1', undefined, open)).body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect((await same(type, { name: 'Light' }, 'officeS1', undefined, open)).body.data).toEqual({ __type: { name: 'Light', kind: 'ENUM' } });
  });

  it('an input default in a refused mutation (PostProgressInput.evidence = [])', async () => {
    const mutation = 'mutation P($input: PostProgressInput!) { postProgress(input: $input) { id percent } }';
    const { body } = await same(mutation, { input: { taskId: taskIds[0], text: 'not mine', percent: 30 } }, 'teamM2');
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual([expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/)]);
    const invalid = await same(mutation, { input: { taskId: taskIds[0], text: 'x', percent: 130 } }, 'secretaryS1');
    expect(invalid.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('aliases, fragments, abstract types, __typename and the chosen operation of several', async () => {
    const { units } = h.fixture;
    const query = `
      fragment U on OrgUnit { label: name tier: level }
      query Aliased($a: ID!, $b: ID!, $task: ID!) {
        me: viewer { who: name __typename }
        first: orgUnit(id: $a) { ...U kids: children { ...U } }
        second: orgUnit(id: $b) { ...U up: parent { ...U } }
        thing: node(id: $task) { __typename id ... on Task { heading: title state: light } ... on OrgUnit { name } }
        nothing: node(id: "bm9wZQ==") { __typename }
      }
      query Other { viewer { name } }`;
    const variables = { a: unitId(units.M1), b: unitId(units.M2), task: taskIds[2] };
    const { body } = await same(query, variables, 'officeS1', 'Aliased');
    expect(body.data).toMatchObject({
      me: { who: 'Official officeS1', __typename: 'Official' },
      first: { label: 'Unit M1', kids: [{ label: 'Unit G1' }, { label: 'Unit G2' }] },
      thing: { __typename: 'Task', heading: 'M2 task' },
      nothing: null,
    });
    expect((await same(query, variables, 'officeS1', 'Other')).body.data).toEqual({ viewer: { name: 'Official officeS1' } });
    const unknown = await same(query, variables, 'officeS1', 'Missing');
    expect(unknown.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('unexpected errors: masked as INTERNAL_SERVER_ERROR with an error id at their paths, nulls propagated', async () => {
    // Reading an official fails with a plain Error (as a lost database connection would).
    const failing = (ctx: Context): Context => ({
      ...ctx, loaders: Object.create(ctx.loaders, { officialById: { value: { ...ctx.loaders.officialById, load: () => { throw new Error('boom'); } } } }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const withoutIds = (body: unknown): any => JSON.parse(
      JSON.stringify(body).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'),
    );
    const query = 'query Posts($id: ID!) { orgUnits(first: 1) { totalCount } orgUnit(id: $id) { name posts { role official { name } } } }';
    const variables = { id: unitId(h.fixture.units.S1) };
    const expected = await run(graphqlJs, query, variables, 'officeS1', undefined, failing);
    expect(expected.body.data).toEqual({ orgUnits: { totalCount: expect.any(Number) }, orgUnit: null });
    expect(expected.body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
      ['INTERNAL_SERVER_ERROR', 'orgUnit.posts.0.official'],
    ]);
    expect(expected.body.errors![0].extensions!.errorId).toEqual(expect.any(String));
    // The one known difference: graphql-js stops completing a list at the first error that
    // nulls it, graphql-jit completes every item and reports each item's error (both are
    // allowed: one error per field). The data, and the first error, are the same.
    const actual = await run(jit, query, variables, 'officeS1', undefined, failing);
    expect(actual.status).toBe(expected.status);
    expect(actual.body.data).toEqual(expected.body.data);
    expect(withoutIds(actual.body).errors[0]).toEqual(withoutIds(expected.body).errors[0]);
    expect(actual.body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
      ['INTERNAL_SERVER_ERROR', 'orgUnit.posts.0.official'], ['INTERNAL_SERVER_ERROR', 'orgUnit.posts.1.official'],
    ]);
    // A single failing field: the very same answer.
    const one = 'query Unit($id: ID!) { orgUnit(id: $id) { name parent { name } posts { role } } viewer { name } }';
    const failingParent = (ctx: Context): Context => {
      const unitById = ctx.loaders.unitById;
      const load = (id: number) => (id === h.fixture.units.D1.id ? Promise.reject(new Error('boom')) : unitById.load(id));
      const prime = (id: number, unit: OrgUnit) => unitById.prime(id, unit);
      return { ...ctx, loaders: Object.create(ctx.loaders, { unitById: { value: { load, prime } } }) };
    };
    const single = await run(graphqlJs, one, variables, 'officeS1', undefined, failingParent);
    expect(single.body.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['INTERNAL_SERVER_ERROR', 'orgUnit.parent']]);
    expect(withoutIds(await run(jit, one, variables, 'officeS1', undefined, failingParent))).toEqual(withoutIds(single));
  });

  it('anonymous requests, and introspection off (refused by validation) and on', async () => {
    const { body } = await same('{ viewer { name } orgUnits(first: 1) { totalCount } }', {}, null);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    const introspection = `{ __schema { queryType { name } types { name kind fields(includeDeprecated: true) { name args { name defaultValue } type { name kind ofType { name } } } } } }`;
    expect((await same(introspection, {}, 'officeS1')).status).toBe(400);
    const schema = await same(introspection, {}, 'officeS1', undefined, open);
    expect(schema.body.errors).toBeUndefined();
    expect((schema.body.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(100);
    expect((await same('{ __typename }', {}, 'officeS1')).body.data).toEqual({ __typename: 'Query' });
  });

  it('a large answer over HTTP (the schema, thousands of objects: sent as bytes written in pieces) is the text of the same answer in-process', async () => {
    const introspection = `{ __schema { types { name kind description fields(includeDeprecated: true) { name description args { name type { name kind ofType { name kind } } } type { name kind ofType { name kind ofType { name } } } } } } }`;
    for (const server of [open.jit, open.graphqlJs]) {
      const { body } = await run(server, introspection, {}, 'officeS1');
      const expected = JSON.stringify(body);
      expect(expected.length).toBeGreaterThan(100_000);
      if (!server.http.listening) await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
      const res = await fetch(`http://127.0.0.1:${(server.http.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await h.tokenOf('officeS1')}` },
        body: JSON.stringify({ query: introspection }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([res.status, res.headers.get('content-type'), Number(res.headers.get('content-length'))])
        .toEqual([200, 'application/json; charset=utf-8', bytes.length]);
      expect(bytes.toString('utf8')).toBe(expected);
    }
  });

  it('over HTTP: the same status, content type, text and errors', async () => {
    const { units } = h.fixture;
    const requests = [
      { query: `query Subtree($id: ID!, $year: Int!) { orgUnit(id: $id) { name children { name tasks(filter: { year: $year }) { totalCount edges { node { ${TASK} } } } } } }`, variables: { id: unitId(units.S1), year: YEAR } },
      { query: 'query Units($first: Int!) { orgUnits(first: $first) { totalCount } }', variables: { first: 'ten' } },
      { query: '{ auditLog(first: 5) { totalCount } }' },
    ];
    for (const body of requests) {
      const expected = await overHttp(graphqlJs, body, 'teamM2');
      expect(await overHttp(jit, body, 'teamM2')).toEqual(expected);
    }
  });

  it('no per-request object carries accessors of its own (V8 keeps such a literal\'s closures, and all they hold, through every young-generation collection)', async () => {
    const ownAccessors = (o: object): string[] =>
      Object.entries(Object.getOwnPropertyDescriptors(o)).filter(([, d]) => d.get || d.set).map(([k]) => k);
    // Apollo's request pipeline makes the gateway's request context through the module replaced by the jit server.
    const apollo = require(APOLLO_GATEWAY_CONTEXT) as {
      makeGatewayGraphQLRequestContext: (rc: unknown, server: unknown, internals: unknown) => {
        request: { http: { url: string; headers: { get(n: string): string | null } } };
        response: { http: { status?: number; headers: { set(n: string, v: string): void } } };
        context: unknown;
      };
    };
    const headers = new Map([['x-a', '1']]);
    const response = { http: { status: undefined as number | undefined, headers: new Map<string, string>() } };
    const made = apollo.makeGatewayGraphQLRequestContext(
      { request: { query: '{ __typename }', http: { method: 'POST', search: 'a=1', headers } }, response, contextValue: 'ctx' },
      { logger: null, cache: null }, {},
    );
    expect([made.request.http.url, made.request.http.headers.get('x-a'), made.context]).toEqual(['https://unknown-url.invalid/?a=1', '1', 'ctx']);
    made.response.http.status = 418;
    made.response.http.headers.set('x-b', '2');
    expect([response.http.status, response.http.headers.get('x-b')]).toEqual([418, '2']);
    response.http.status = 200;
    expect(made.response.http.status).toBe(200);
    expect([made, made.request, made.request.http, made.response, made.response.http].flatMap(ownAccessors)).toEqual([]);

    // A connection, its page info and its edges (a tree read makes one per unit, with an edge per task).
    const page = toConnection([{ id: 2 }, { id: 1 }], pageOf({ first: 1 }), [{ column: 'id', value: (r: { id: number }) => r.id, descending: true }], async () => 2);
    const mapped = mapNodes(page, (n) => ({ id: n.id * 10 }));
    for (const c of [page, mapped]) {
      expect([c, c.pageInfo, ...c.edges].flatMap(ownAccessors)).toEqual([]);
    }
    expect([await mapped.totalCount, mapped.edges[0].cursor === page.edges[0].cursor, mapped.pageInfo.hasNextPage, mapped.edges[0].node]).toEqual([2, true, true, { id: 20 }]);
  });
});
