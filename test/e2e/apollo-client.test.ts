// A real client end to end: Apollo Client 4 with a normalised cache and relay-style
// pagination, over HTTP against the real server (no mocks). Signs in through the API,
// pages through a district's key tasks with fetchMore, posts progress and sees the
// cached task in the list change without a refetch, and gets the server's error codes
// back through Apollo's CombinedGraphQLErrors.
import type { AddressInfo } from 'node:net';
import {
  ApolloClient, ApolloLink, HttpLink, InMemoryCache, type ObservableQuery,
} from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom, timeout } from 'rxjs';
import {
  LoginDocument, PostProgressDocument, TaskCardFragmentDoc, TaskDetailDocument, TasksDocument,
  type TaskCardFragment, type TasksQuery, type TasksQueryVariables,
} from '../../operations/generated/graphql';
import { addDays, today } from '../../src/clock';
import type { Post, Task } from '../../src/entities';
import { Visibility } from '../../src/schema/enums';
import { encodeId } from '../../src/schema/node';
import { ResponsibilitySeeder } from '../../src/seed/builder';
import { describeDb } from '../setup/db';
import { PASSWORD } from '../setup/fixture';
import { startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

type Result = ObservableQuery.Result<TasksQuery>;

/** A client as a front end would build it; `operations` records what went over the wire. */
function makeClient(uri: string) {
  const session = { token: null as string | null, operations: [] as string[] };
  const countingFetch: typeof fetch = (input, init) => {
    session.operations.push(String(JSON.parse(String(init?.body ?? '{}')).operationName));
    return fetch(input, init);
  };
  const auth = new SetContextLink((prev) => (session.token
    ? { headers: { ...prev.headers, authorization: `Bearer ${session.token}` } }
    : {}));
  const client = new ApolloClient({
    link: ApolloLink.from([auth, new HttpLink({ uri, fetch: countingFetch })]),
    cache: new InMemoryCache({
      typePolicies: { Query: { fields: { tasks: relayStylePagination(['filter', 'sort']) } } },
    }),
  });
  return { client, session };
}

/** The codes of an error Apollo surfaced, which must be the server's GraphQL errors. */
function graphQLCodes(err: unknown): string[] {
  if (!CombinedGraphQLErrors.is(err)) throw new Error(`not a CombinedGraphQLErrors: ${String(err)}`);
  return err.errors.map((e) => String(e.extensions?.code));
}

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the operation to fail');
};

describeDb('Apollo Client 4 over HTTP', () => {
  let h: Harness;
  let uri: string;
  /** Key tasks teamM1 may see under D1, in DUE_ON order; then ones it must not get. */
  const visible: Task[] = [];
  const hidden = {} as Record<'siblingInternal' | 'aboveInternal' | 'otherDistrict', Task>;
  const day = today();

  beforeAll(async () => {
    h = await startHarness();
    await new Promise<void>((resolve) => h.server.http.listen(0, '127.0.0.1', resolve));
    uri = `http://127.0.0.1:${(h.server.http.address() as AddressInfo).port}/graphql`;
    const { units, posts, officials } = h.fixture;
    const year = Number(day.slice(0, 4));
    await h.db.transaction(async (em) => {
      const r = new ResponsibilitySeeder(em);
      // Final due dates 90 + n days out, so DUE_ON order is creation order. The first
      // milestone (50 percent) of task 0 is due in 5 days: YELLOW until it is reached.
      let n = 0;
      const task = (unit: keyof typeof units, leader: Post, visibility: Visibility, title: string) => {
        n += 1;
        return r.task(units[unit], leader, officials.secretaryS1, {
          title, year, domain: 'EDUCATION', visibility,
          milestones: [{ dueOn: addDays(day, n === 1 ? 5 : 30 + n), targetPercent: 50 }, { dueOn: addDays(day, 90 + n), targetPercent: 100 }],
        });
      };
      const { INTERNAL, PUBLIC } = Visibility;
      visible.push(
        await task('M1', posts.teamM1, INTERNAL, 'Task 1: M1, led by teamM1'),
        await task('S1', posts.secretaryS1, PUBLIC, 'Task 2: S1, public'),
        await task('G1', posts.secretaryG1, INTERNAL, 'Task 3: G1, below M1'),
        await task('M1', posts.secretaryM1, INTERNAL, 'Task 4: M1, led by secretaryM1'),
      );
      hidden.siblingInternal = await task('M2', posts.teamM2, INTERNAL, 'Hidden: M2, internal');
      visible.push(
        await task('M2', posts.teamM2, PUBLIC, 'Task 5: M2, public'),
        await task('M1', posts.teamM1, INTERNAL, 'Task 6: M1, led by teamM1'),
      );
      hidden.aboveInternal = await task('S1', posts.secretaryS1, INTERNAL, 'Hidden: S1, internal');
      visible.push(await task('G1', posts.secretaryG1, INTERNAL, 'Task 7: G1, below M1'));
      hidden.otherDistrict = await task('D2', posts.officeD2, PUBLIC, 'Elsewhere: D2, public');
    });
  });
  afterAll(() => h?.close());

  it('signs in, pages through the district with fetchMore, and updates the normalised cache from a mutation', async () => {
    const { client, session } = makeClient(uri);
    try {
      // Signed out, the API refuses the list; the error is the server's, code and all.
      const variables: TasksQueryVariables = { filter: { unitId: unitId(h.fixture.units.D1) }, sort: 'DUE_ON', first: 3 };
      expect(graphQLCodes(await rejection(client.query({ query: TasksDocument, variables })))).toEqual(['UNAUTHENTICATED']);

      // Sign in through the API.
      const login = await client.mutate({ mutation: LoginDocument, variables: { username: 'teamm1', password: PASSWORD } });
      expect(login.error).toBeUndefined();
      expect(login.data?.login.official.name).toBe('Official teamM1');
      session.token = login.data!.login.token;
      expect(session.token).toMatch(/\S{20,}/);

      // Page 1, watched.
      const watched = client.watchQuery({ query: TasksDocument, variables });
      const emitted: Result[] = [];
      const subscription = watched.subscribe((r) => emitted.push(r));
      const until = (pred: (r: Result) => boolean): Promise<Result> =>
        firstValueFrom(watched.pipe(filter(pred), timeout(5000)));
      const complete = (r: Result): TasksQuery => {
        expect(r.dataState).toBe('complete');
        return r.data as TasksQuery;
      };
      const titles = (data: TasksQuery) => data.tasks.edges.map((e) => e.node.title);
      try {
        let page = complete(await until((r) => r.dataState === 'complete'));
        expect(titles(page)).toEqual(visible.slice(0, 3).map((t) => t.title));
        expect(page.tasks.totalCount).toBe(7);
        expect(page.tasks.pageInfo.hasNextPage).toBe(true);

        // Pages 2 and 3 via fetchMore: the type policy merges them into the one cached list.
        for (const expected of [6, 7]) {
          const more = await watched.fetchMore({ variables: { after: page.tasks.pageInfo.endCursor } });
          expect(more.data?.tasks.edges).toHaveLength(expected === 6 ? 3 : 1); // what the server sent: this page only
          page = complete(await until((r) => r.dataState === 'complete' && r.data!.tasks.edges.length === expected));
        }
        expect(titles(page)).toEqual(visible.map((t) => t.title)); // all edges, in order
        const ids = page.tasks.edges.map((e) => e.node.id);
        expect(ids).toEqual(visible.map((t) => encodeId('Task', t.id)));
        expect(new Set(ids).size).toBe(7);
        expect(new Set(page.tasks.edges.map((e) => e.cursor)).size).toBe(7);
        expect(page.tasks.pageInfo.hasNextPage).toBe(false);
        expect(page.tasks.totalCount).toBe(7);
        // What teamM1 must not get is not there: a sibling's and a higher tier's INTERNAL
        // tasks, and a PUBLIC task outside the district.
        for (const t of Object.values(hidden)) expect(ids).not.toContain(encodeId('Task', t.id));
        // The watched query is the cache's list too.
        expect(client.readQuery({ query: TasksDocument, variables })?.tasks.edges).toHaveLength(7);
        expect(session.operations).toEqual(['Tasks', 'Login', 'Tasks', 'Tasks', 'Tasks']);

        // Post progress on task 1: the mutation's task { id percent light ... } lands on the
        // normalised Task entry, so the watched list changes without a refetch.
        const target = page.tasks.edges[0].node;
        expect(target).toMatchObject({ percent: 0, light: 'YELLOW', nextDueOn: addDays(day, 5) });
        const seen = emitted.length;
        const posted = await client.mutate({
          mutation: PostProgressDocument,
          variables: { input: { taskId: target.id, text: 'Half the schools visited', percent: 60 } },
        });
        expect(posted.data?.postProgress.task).toMatchObject({ id: target.id, percent: 60, light: 'GREEN' });
        const updated = complete(await until((r) => r.dataState === 'complete' && r.data!.tasks.edges[0].node.percent === 60));
        expect(emitted.length).toBeGreaterThan(seen);
        expect(updated.tasks.edges[0].node).toMatchObject({
          id: target.id, title: target.title, percent: 60, light: 'GREEN', nextDueOn: addDays(day, 91),
        });
        // The rest of the list is what it was: same edges, same order, untouched nodes.
        expect(titles(updated)).toEqual(visible.map((t) => t.title));
        expect(updated.tasks.edges.slice(1)).toEqual(page.tasks.edges.slice(1));
        expect(updated.tasks.pageInfo.hasNextPage).toBe(false);
        // Only the mutation went over the wire.
        expect(session.operations.slice(5)).toEqual(['PostProgress']);
        const card = client.readFragment<TaskCardFragment>({
          fragment: TaskCardFragmentDoc, id: client.cache.identify({ __typename: 'Task', id: target.id }),
        });
        expect(card).toMatchObject({ id: target.id, percent: 60, light: 'GREEN' });

        // The server agrees with the cache.
        const detail = await client.query({ query: TaskDetailDocument, variables: { id: target.id }, fetchPolicy: 'network-only' });
        expect(detail.data?.task).toMatchObject({ id: target.id, percent: 60, light: 'GREEN' });
        expect(detail.data?.task?.progress.map((p) => [p.text, p.percent, p.author.name])).toEqual([['Half the schools visited', 60, 'Official teamM1']]);
      } finally {
        subscription.unsubscribe();
      }
    } finally {
      client.stop();
    }
  });

  it('surfaces the server\'s error codes through CombinedGraphQLErrors and leaves the cache alone', async () => {
    const { client, session } = makeClient(uri);
    try {
      // A wrong password (of another account, so teamm1 is not locked out).
      const wrong = await rejection(client.mutate({ mutation: LoginDocument, variables: { username: 'teamm2', password: 'not-the-password' } }));
      expect(graphQLCodes(wrong)).toEqual(['UNAUTHENTICATED']);

      const login = await client.mutate({ mutation: LoginDocument, variables: { username: 'teamm1', password: PASSWORD } });
      session.token = login.data!.login.token;
      const notMine = encodeId('Task', visible[3].id); // visible to teamM1, led by secretaryM1
      const before = await client.query({ query: TaskDetailDocument, variables: { id: notMine } });
      expect(before.data?.task).toMatchObject({ id: notMine, percent: 0 });

      // Not the responsible leader: FORBIDDEN.
      const forbidden = await rejection(client.mutate({
        mutation: PostProgressDocument, variables: { input: { taskId: notMine, text: 'Not my task', percent: 10 } },
      }));
      expect(graphQLCodes(forbidden)).toEqual(['FORBIDDEN']);
      expect((forbidden as CombinedGraphQLErrors).errors[0].path).toEqual(['postProgress']);
      // A sibling's INTERNAL task does not exist for teamM1: NOT_FOUND, nothing about it leaks.
      const unseen = await rejection(client.mutate({
        mutation: PostProgressDocument,
        variables: { input: { taskId: encodeId('Task', hidden.siblingInternal.id), text: 'Not in my scope', percent: 10 } },
      }));
      expect(graphQLCodes(unseen)).toEqual(['NOT_FOUND']);
      expect((unseen as CombinedGraphQLErrors).data ?? null).toBeNull();

      // The failed mutations wrote nothing, in the cache or on the server.
      expect(client.readFragment<TaskCardFragment>({
        fragment: TaskCardFragmentDoc, id: client.cache.identify({ __typename: 'Task', id: notMine }),
      })).toMatchObject({ percent: 0 });
      const after = await client.query({ query: TaskDetailDocument, variables: { id: notMine }, fetchPolicy: 'network-only' });
      expect(after.data?.task?.progress).toEqual([]);
      expect(session.operations).toEqual(['Login', 'Login', 'TaskDetail', 'PostProgress', 'PostProgress', 'TaskDetail']);
    } finally {
      client.stop();
    }
  });
});
