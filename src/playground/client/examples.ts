// The tabs GraphiQL opens with (when the browser has no saved tabs). Variables the sign-in
// form can fill are left as PLACEHOLDER; see session.ts.

export const PLACEHOLDER = '(sign in to fill)';

export interface ExampleTab {
  readonly query: string;
  readonly variables: string;
}

const vars = (values: Record<string, string | number | null>): string => JSON.stringify(values, null, 2);

export const EXAMPLE_TABS: readonly ExampleTab[] = [
  {
    query: `# 重点任务 by light: the counts for a unit and everything below it, then its RED tasks.
# Sign in above: the form puts the token into Headers and your unit into Variables.
query KeyTasksByLight($unitId: ID!) {
  taskStats(filter: { unitId: $unitId }) {
    total
    red
    yellow
    green
    overdue
    inProgress
    closureRequested
    closed
  }
  red: tasks(first: 20, filter: { unitId: $unitId, light: RED }, sort: NEXT_DUE) {
    totalCount
    edges {
      node {
        title
        unit { name }
        percent
        nextDueOn
        dueOn
        overdue
        leader { role official { name } }
      }
    }
  }
}
`,
    variables: vars({ unitId: PLACEHOLDER }),
  },
  {
    query: `# 责任链: who holds a domain's responsibility at a unit and at every tier above it, on a
# given day (asOf, YYYY-MM-DD; today when null). "missing" lists the vacant roles.
query ResponsibilityChain($unitId: ID!, $domainId: ID!, $asOf: String) {
  responsibilityChain(unitId: $unitId, domainId: $domainId, asOf: $asOf) {
    unit { name level }
    principal { official { name title } since }
    inCharge { official { name title } domains { name } }
    disciplineHead { official { name title } }
    missing
  }
  domains { id code name }
}
`,
    variables: vars({ unitId: PLACEHOLDER, domainId: PLACEHOLDER, asOf: null }),
  },
  {
    query: `# 政治生态素描画像 (portrait): the figures of a unit's subtree for a year, every one an SQL
# aggregate. ANALYST posts get the figures; the names (redTaskLeaders) only posts in scope.
query Portrait($districtId: ID!, $year: Int!) {
  portrait(unitId: $districtId, year: $year) {
    unit { name level }
    units
    tasks { total red yellow green closed overdue closureRate overdueRate }
    problems { found rectified open itemsOverdue rectificationRate }
    notices { issued reported closed overdue }
    inspection { cycleStart units inspected coverage }
    accountability { total byFailure { key count } byMeasure { key count } }
    letters { issued signed signedRate }
    assessments { assessed averageTotal vetoed byGrade { key count } }
    redTaskLeaders(first: 5) { red overdue official { name title } }
  }
}
`,
    variables: vars({ districtId: PLACEHOLDER, year: new Date().getFullYear() }),
  },
  {
    query: `# 我的待办: what your posts must do now or soon, by due date (overdue first), the counts
# per kind, and your unread notifications (reminders before deadlines, urgings).
# Sign in above: the form puts the token into Headers.
query MyWork {
  workItemCounts { kind count overdue dueSoon }
  workItems(first: 20) {
    totalCount
    edges {
      node {
        kind
        action
        dueOn
        overdue
        dueSoon
        unit { name }
        record {
          __typename
          ... on Task { title light percent }
          ... on Notice { title state }
          ... on Urging { content replyDueOn }
        }
      }
    }
  }
  unreadNotificationCount
  notifications(first: 10, filter: { unread: true }) {
    edges { node { kind title body dueOn createdAt } }
  }
}
`,
    variables: vars({}),
  },
];
