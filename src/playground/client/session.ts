// The sign-in helper: the form above GraphiQL runs `mutation login`, then puts
// {"Authorization": "Bearer <token>"} into the headers of every open tab (and of tabs opened
// later) and fills the example tabs' placeholder variables with ids from the viewer's scope.
import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { useEffect, useRef } from 'react';
import { element } from './browser';
import { PLACEHOLDER } from './examples';

interface SignedIn {
  readonly headers: string;
  /** Values for the placeholder variables, by variable name. */
  readonly ids: Readonly<Record<string, string>>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string }[];
}

/** What the form hands to GraphiQL; the component below applies it once GraphiQL is up. */
let pending: SignedIn | null = null;
let current: SignedIn | null = null;
let apply: ((session: SignedIn) => void) | null = null;

function fillPlaceholders(variables: string | null | undefined, ids: SignedIn['ids']): string | null {
  if (!variables || !variables.includes(PLACEHOLDER)) return variables ?? null;
  try {
    const parsed = JSON.parse(variables) as Record<string, unknown>;
    for (const [name, value] of Object.entries(parsed)) {
      if (value === PLACEHOLDER && ids[name]) parsed[name] = ids[name];
    }
    return JSON.stringify(parsed, null, 2);
  } catch {
    return variables;
  }
}

/** Rendered inside the GraphiQL provider (in the logo slot); renders nothing. */
export function SessionBridge(): null {
  const { tabs, activeTabIndex, headerEditor, queryEditor, variableEditor } = useGraphiQL((state) => ({
    tabs: state.tabs, activeTabIndex: state.activeTabIndex,
    headerEditor: state.headerEditor, queryEditor: state.queryEditor, variableEditor: state.variableEditor,
  }));
  const actions = useGraphiQLActions();
  const latest = useRef({ tabs, activeTabIndex, headerEditor, queryEditor, variableEditor });
  latest.current = { tabs, activeTabIndex, headerEditor, queryEditor, variableEditor };
  const ready = Boolean(headerEditor && queryEditor && variableEditor);

  useEffect(() => {
    if (!ready) return undefined;
    // GraphiQL opens the first tab with its query but not its variables: show the whole tab.
    actions.changeTab(latest.current.activeTabIndex);
    apply = (session) => {
      const { tabs: open, activeTabIndex: active, queryEditor: q, variableEditor: v } = latest.current;
      // Save what is being typed in the active tab (the editors sync to the tab with a delay).
      actions.updateActiveTabValues({ query: q?.getValue() ?? null, variables: v?.getValue() ?? null });
      // GraphiQL only updates the active tab: visit each, then come back to the one in use.
      open.forEach((tab, index) => {
        actions.changeTab(index);
        actions.updateActiveTabValues({ headers: session.headers, variables: fillPlaceholders(tab.variables, session.ids) });
      });
      actions.changeTab(active);
    };
    if (pending) {
      apply(pending);
      pending = null;
    }
    return () => {
      apply = null;
    };
  }, [ready, actions]);

  // A tab opened after sign-in starts with the token too.
  const tabCount = useRef(tabs.length);
  useEffect(() => {
    const opened = tabs.length > tabCount.current;
    tabCount.current = tabs.length;
    if (opened && current && !tabs[activeTabIndex]?.headers?.trim()) headerEditor?.setValue(current.headers);
  }, [tabs, activeTabIndex, headerEditor]);

  return null;
}

async function post<T>(endpoint: string, query: string, variables: object, token?: string): Promise<GraphQLResponse<T>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

const LOGIN = `mutation PlaygroundLogin($username: String!, $password: String!) {
  login(username: $username, password: $password) { token expiresAt official { name } }
}`;

/** Ids for the example tabs: the viewer's unit, a domain (theirs if they have one), a district. */
const DEFAULTS = `query PlaygroundDefaults {
  viewer { posts { unit { id } domains { id } } }
  domains { id }
  districts: orgUnits(first: 1, filter: { inMyScope: true, level: DISTRICT }) { edges { node { id } } }
}`;

interface Defaults {
  viewer: { posts: { unit: { id: string }; domains: { id: string }[] }[] } | null;
  domains: { id: string }[];
  districts: { edges: { node: { id: string } }[] };
}

async function defaultIds(endpoint: string, token: string): Promise<Record<string, string>> {
  const { data } = await post<Defaults>(endpoint, DEFAULTS, {}, token);
  const posts = data?.viewer?.posts ?? [];
  const unitId = posts[0]?.unit.id;
  const domainId = posts.flatMap((post) => post.domains)[0]?.id ?? data?.domains[0]?.id;
  const districtId = data?.districts.edges[0]?.node.id ?? unitId;
  const ids: Record<string, string> = {};
  if (unitId) ids.unitId = unitId;
  if (domainId) ids.domainId = domainId;
  if (districtId) ids.districtId = districtId;
  return ids;
}

/** Wires the form (#signin with #username, #password, #signin-button, #signin-status). */
export function wireSignInForm(endpoint: string): void {
  const form = element('signin');
  const username = element('username');
  const password = element('password');
  const button = element('signin-button');
  const status = element('signin-status');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      button.disabled = true;
      status.textContent = 'Signing in…';
      try {
        const login = await post<{ login: { token: string; expiresAt: string; official: { name: string } } }>(
          endpoint, LOGIN, { username: username.value.trim(), password: password.value });
        if (!login.data?.login) {
          status.textContent = login.errors?.[0]?.message ?? 'Sign-in failed';
          return;
        }
        const { token, official } = login.data.login;
        password.value = '';
        const session: SignedIn = {
          headers: JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2),
          ids: await defaultIds(endpoint, token).catch(() => ({})),
        };
        current = session;
        if (apply) apply(session);
        else pending = session;
        status.textContent = `Signed in as ${official.name} (token in Headers)`;
      } catch (err) {
        status.textContent = `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`;
      } finally {
        button.disabled = false;
      }
    })();
  });
}
