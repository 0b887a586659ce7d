// Notice problems as records (issue 13, point 1; seed 000: Wanzhou's agriculture notice listed
// 14 problems in 4 categories, and its tally is 48 problems over 26 notices in 10 domains):
// a notice carries its problems as Problem records with a category label, written with the
// draft and replaced while it is a DRAFT; the recipient's written report answers each one; a
// problem links back to its notice; counts per notice, per category and per domain agree with
// the portrait. Who reads them (the notice's readers, in its state: exact sets per persona),
// refusals with their codes that write nothing, old clients' free text, and statement counts.
import { signToken } from '../../src/auth/token';
import { today } from '../../src/clock';
import { AuditEntry, DisciplinaryCase, Notice, Problem } from '../../src/entities';
import { CaseStatus, PostRole } from '../../src/schema/enums';
import { decodeId, encodeId } from '../../src/schema/node';
import { SeedBuilder } from '../../src/seed/builder';
import { seedDemo } from '../../src/seed/demo';
import { SANZI_TITLE } from '../../src/seed/demo-notice-problems';
import { closeTestDatabase, describeDb, openTestDatabase } from '../setup/db';
import { ALL_PERSONAS, PASSWORD, type Persona } from '../setup/fixture';
import { ok, refusedWithout, startHarness, type Harness } from '../setup/harness';
import { unitId } from '../setup/ids';

const YEAR = Number(today().slice(0, 4));

type Who = Persona | 'secretaryD1';
const VIEWERS: Who[] = [...ALL_PERSONAS.filter((p) => p !== 'inactive'), 'secretaryD1'];

/** The Wanzhou notice's problems (four of its fourteen, in three of its four categories). */
const SANZI = [
  { category: '清产核资不精准', description: '部分村集体资产底数不清, 账实不符' },
  { category: '清产核资不精准', description: '资源性资产未登记入账', severity: 'SERIOUS' },
  { category: '管理制度不统一', description: '各镇乡集体资产管理制度不统一' },
  { category: '监督管理不严密', description: '集体经济收支票据审批流于形式' },
];

const NOTICE_FIELDS = `id title state problems problemCount
  problemRecords { id category description severity answer answeredAt domain { code } unit { name } notice { title } }`;

interface ProblemView {
  id: string; category: string | null; description: string; severity: string; answer: string | null; answeredAt: string | null;
  domain: { code: string }; unit: { name: string }; notice: { title: string } | null;
}
interface NoticeView { id: string; title: string; state: string; problems: string; problemCount: number; problemRecords: ProblemView[] }

describeDb('notice problems', () => {
  let h: Harness;
  let secretaryD1: { token: string };
  const domains: Record<string, string> = {};
  const categories: Record<string, string> = {};
  let sanzi: NoticeView;

  const as = (who: Who): Persona | { token: string } => (who === 'secretaryD1' ? secretaryD1 : who);
  const postId = (p: Persona): string => encodeId('Post', h.fixture.posts[p].id);
  const D1 = (): string => unitId(h.fixture.units.D1);

  const draft = (input: Record<string, unknown>, who: Who = 'disciplineD1') => h.exec<{ draftNotice: NoticeView }>(
    `mutation($input: DraftNoticeInput!) { draftNotice(input: $input) { ${NOTICE_FIELDS} } }`, {
      input: {
        unitId: D1(), categoryId: categories.WEAK_REGULATION, domainId: domains.AGRICULTURE, recipientPostId: postId('teamM1'),
        title: '关于加强村(社区)集体"三资"管理的告知书', measures: '全面摸底, 出台指导意见', source: 'SPECIAL_SURVEY', ...input,
      },
    }, as(who));
  const update = (id: string, input: Record<string, unknown>, who: Who = 'disciplineD1') => h.exec<{ updateNotice: NoticeView }>(
    `mutation($id: ID!, $input: UpdateNoticeInput!) { updateNotice(id: $id, input: $input) { ${NOTICE_FIELDS} } }`, { id, input }, as(who));
  const step = (name: string, id: string, who: Who) => ok(h.exec(`mutation($id: ID!) { ${name}(id: $id) { state } }`, { id }, as(who)));
  const report = (id: string, answers: { problemId: string; answer: string }[], who: Who = 'teamM1') => h.exec<{ reportNotice: NoticeView }>(
    `mutation($id: ID!, $answers: [NoticeProblemAnswerInput!]!) { reportNotice(id: $id, report: "已完成全区摸底", answers: $answers) { ${NOTICE_FIELDS} } }`,
    { id, answers }, as(who));
  const read = async (id: string, who: Who = 'disciplineD1'): Promise<NoticeView> =>
    (await ok(h.exec<{ notice: NoticeView }>(`query($id: ID!) { notice(id: $id) { ${NOTICE_FIELDS} } }`, { id }, as(who)))).notice;

  /** What the notice area writes: notices, problems and audit entries. */
  const refused = refusedWithout(async () => ({
    notices: await h.db.getRepository(Notice).find({ order: { id: 'ASC' } }),
    problems: await h.db.getRepository(Problem).find({ order: { id: 'ASC' } }),
    audit: await h.db.getRepository(AuditEntry).count(),
  }));

  /** The notice problems (problems with a notice) each viewer reads through `problems`, by notice title. */
  async function problemReaders(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const who of VIEWERS) {
      const res = await h.exec<{ problems: { totalCount: number; edges: { node: ProblemView }[] } }>(
        '{ problems(first: 100) { totalCount edges { node { description notice { title } } } } }', {}, as(who));
      expect(res.errors).toBeUndefined();
      const titles = res.data!.problems.edges.map((e) => e.node.notice?.title ?? '(none)');
      if (titles.length) out[who] = [...new Set(titles)].sort();
      expect(res.data!.problems.totalCount).toBe(titles.length);
    }
    return out;
  }

  beforeAll(async () => {
    h = await startHarness();
    const account = await h.db.transaction(async (em) => {
      const b = new SeedBuilder(em, 10);
      const official = await b.official(h.fixture.units.D1, 'Official secretaryD1', 'SECRETARY of D1');
      await b.post(official, h.fixture.units.D1, PostRole.SECRETARY, { since: '2020-01-01' });
      return b.account(official, 'secretaryd1', PASSWORD);
    });
    secretaryD1 = { token: (await signToken(account.id)).token };
    const refs = await ok(h.exec<{ domains: { id: string; code: string }[]; noticeCategories: { id: string; code: string }[] }>(
      '{ domains { id code } noticeCategories { id code } }', {}, 'disciplineD1'));
    for (const d of refs.domains) domains[d.code] = d.id;
    for (const c of refs.noticeCategories) categories[c.code] = c.id;
  });
  afterAll(() => h.close());

  it('drafts a notice with its problems as records, and derives the summary text from them', async () => {
    sanzi = (await ok(draft({ problemRecords: SANZI, ccPostIds: [postId('officeS1')] }))).draftNotice;
    expect(sanzi.state).toBe('DRAFT');
    expect(sanzi.problemCount).toBe(4);
    expect(sanzi.problems).toBe([
      '1. 〔清产核资不精准〕部分村集体资产底数不清, 账实不符', '2. 〔清产核资不精准〕资源性资产未登记入账',
      '3. 〔管理制度不统一〕各镇乡集体资产管理制度不统一', '4. 〔监督管理不严密〕集体经济收支票据审批流于形式',
    ].join('\n'));
    expect(sanzi.problemRecords.map(({ id: _id, answeredAt: _at, ...p }) => p)).toEqual(SANZI.map((p) => ({
      category: p.category, description: p.description, severity: p.severity ?? 'GENERAL', answer: null,
      domain: { code: 'AGRICULTURE' }, unit: { name: 'Unit D1' }, notice: { title: '关于加强村(社区)集体"三资"管理的告知书' },
    })));
    const audit = await h.db.getRepository(AuditEntry).findOneByOrFail({ operation: 'draftNotice', recordId: decodeId(sanzi.id, 'Notice')!.id });
    expect(JSON.parse(audit.after!).problemRecords).toBe(4);
  });

  it('keeps old clients working: the free text alone, no records', async () => {
    const old = (await ok(draft({ title: '只有文字的告知书', problems: '存在问题若干' }))).draftNotice;
    expect([old.problems, old.problemCount, old.problemRecords]).toEqual(['存在问题若干', 0, []]);
  });

  it('refuses a draft without problems, or with a bad record, writing nothing', async () => {
    await refused('BAD_USER_INPUT', () => draft({ title: '无问题' }));
    await refused('BAD_USER_INPUT', () => draft({ problemRecords: [{ category: ' ', description: 'x' }] }));
    await refused('BAD_USER_INPUT', () => draft({ problemRecords: [{ category: 'x'.repeat(101), description: 'x' }] }));
    await refused('FORBIDDEN', () => draft({ problemRecords: SANZI }, 'officeD1'));
  });

  it('shows a draft\'s problems only to the issuing unit\'s SECRETARY, DISCIPLINE and OFFICE', async () => {
    const title = '关于加强村(社区)集体"三资"管理的告知书';
    expect(await problemReaders()).toEqual({ disciplineD1: [title], officeD1: [title], secretaryD1: [title] });
    // node(id) of a problem: the same readers.
    const problemId = sanzi.problemRecords[0].id;
    for (const who of VIEWERS) {
      const res = await h.exec<{ node: { category: string } | null }>(`{ node(id: "${problemId}") { ... on Problem { category } } }`, {}, as(who));
      expect([who, res.data!.node]).toEqual([who, ['disciplineD1', 'officeD1', 'secretaryD1'].includes(who) ? { category: '清产核资不精准' } : null]);
    }
  });

  it('replaces the problems while the notice is a DRAFT (and they follow its domain), by its DISCIPLINE only', async () => {
    await refused('FORBIDDEN', () => update(sanzi.id, { problemRecords: SANZI.slice(0, 1) }, 'officeD1'));
    await refused('BAD_USER_INPUT', () => update(sanzi.id, { problemRecords: [] }));
    const changed = (await ok(update(sanzi.id, { problemRecords: [...SANZI, { category: '监督管理不严密', description: '村务监督委员会作用发挥不充分' }] }))).updateNotice;
    expect(changed.problemCount).toBe(5);
    expect(changed.problemRecords.map((p) => p.category)).toEqual(['清产核资不精准', '清产核资不精准', '管理制度不统一', '监督管理不严密', '监督管理不严密']);
    expect(changed.problems.split('\n')).toHaveLength(5);
    // The old records are gone, the new ones have new ids.
    expect(changed.problemRecords.some((p) => sanzi.problemRecords.some((o) => o.id === p.id))).toBe(false);
    expect(await h.db.getRepository(Problem).countBy({ noticeId: decodeId(sanzi.id, 'Notice')!.id })).toBe(5);
    // A summary given with the records is kept as given; a domain change carries the problems along.
    const moved = (await ok(update(sanzi.id, { domainId: domains.HEALTH, problems: '三资管理问题 5 个' }))).updateNotice;
    expect(moved.problems).toBe('三资管理问题 5 个');
    expect(new Set(moved.problemRecords.map((p) => p.domain.code))).toEqual(new Set(['HEALTH']));
    sanzi = (await ok(update(sanzi.id, { domainId: domains.AGRICULTURE }))).updateNotice;
    expect(new Set(sanzi.problemRecords.map((p) => p.domain.code))).toEqual(new Set(['AGRICULTURE']));
  });

  it('takes no rectification item on a draft\'s problem (its list may still be replaced)', async () => {
    await refused('CONFLICT', () => h.exec(
      'mutation($input: AddRectificationItemInput!) { addRectificationItem(input: $input) { id } }',
      { input: { problemId: sanzi.problemRecords[0].id, ownerPostId: postId('officeD1'), measure: '全面摸底', deadline: `${YEAR + 1}-01-31` } }, 'officeD1'));
  });

  it('freezes the problems from submission on, and shows them to the notice\'s readers once issued', async () => {
    await step('submitNotice', sanzi.id, 'disciplineD1');
    await refused('CONFLICT', () => update(sanzi.id, { problemRecords: SANZI }));
    await step('approveNotice', sanzi.id, 'secretaryD1');
    const title = '关于加强村(社区)集体"三资"管理的告知书';
    expect(Object.keys(await problemReaders()).sort()).toEqual(['disciplineD1', 'officeD1', 'secretaryD1']);
    await step('issueNotice', sanzi.id, 'officeD1');
    // From ISSUED on: the recipient (teamM1), the cc'd post (officeS1) and DISCIPLINE above (disciplineC1) too; no sibling, no one below.
    expect(await problemReaders()).toEqual({
      disciplineC1: [title], disciplineD1: [title], officeD1: [title], secretaryD1: [title], teamM1: [title], officeS1: [title],
    });
  });

  it('refuses a report that does not answer each problem exactly once, writing nothing', async () => {
    const ids = sanzi.problemRecords.map((p) => p.id);
    const all = ids.map((problemId, i) => ({ problemId, answer: `已整改 ${i + 1}` }));
    await refused('BAD_USER_INPUT', () => report(sanzi.id, []));
    await refused('BAD_USER_INPUT', () => report(sanzi.id, all.slice(1)));
    await refused('BAD_USER_INPUT', () => report(sanzi.id, [...all, all[0]]));
    await refused('BAD_USER_INPUT', () => report(sanzi.id, [...all.slice(1), { problemId: encodeId('Problem', 999999), answer: 'x' }]));
    await refused('BAD_USER_INPUT', () => report(sanzi.id, [...all.slice(1), { problemId: all[0].problemId, answer: ' ' }]));
    // Only the recipient reports; a reader who is not gets FORBIDDEN, one who does not see the notice NOT_FOUND.
    await refused('FORBIDDEN', () => report(sanzi.id, all, 'officeS1'));
    await refused('NOT_FOUND', () => report(sanzi.id, all, 'teamM2'));
  });

  it('takes the recipient\'s report with an answer per problem, in one transaction with the step', async () => {
    const all = sanzi.problemRecords.map((p, i) => ({ problemId: p.id, answer: `已整改 ${i + 1}` }));
    const reported = (await ok(report(sanzi.id, [...all].reverse()))).reportNotice;
    expect(reported.state).toBe('REPORTED');
    expect(reported.problemRecords.map((p) => p.answer)).toEqual(['已整改 1', '已整改 2', '已整改 3', '已整改 4', '已整改 5']);
    expect(reported.problemRecords.every((p) => p.answeredAt !== null)).toBe(true);
    const entry = await h.db.getRepository(AuditEntry).findOneOrFail({ where: { operation: 'reportNotice' }, order: { id: 'DESC' } });
    expect(JSON.parse(entry.after!)).toMatchObject({ state: 'REPORTED', answers: 5 });
    // Reopened and reported again: the new answers replace the old.
    await ok(h.exec('mutation($id: ID!) { reopenNotice(id: $id, comment: "整改不到位") { state } }', { id: sanzi.id }, 'officeD1'));
    const again = (await ok(report(sanzi.id, all.map((a) => ({ ...a, answer: `${a.answer} (复查)` }))))).reportNotice;
    expect(again.problemRecords.map((p) => p.answer)).toEqual(all.map((a) => `${a.answer} (复查)`));
    await step('closeNotice', sanzi.id, 'officeD1');
    expect((await read(sanzi.id, 'teamM1')).problemRecords.map((p) => p.notice!.title)).toEqual(Array(5).fill('关于加强村(社区)集体"三资"管理的告知书'));
  });

  it('counts problems per notice, per category and per domain, for the notices each viewer reads', async () => {
    // A second issued notice in another domain, with two problems (one category shared).
    const health = (await ok(draft({
      title: '医疗卫生行业作风', domainId: domains.HEALTH, categoryId: categories.FOUR_WINDS, source: 'PUBLIC_COMPLAINT', recipientPostId: postId('teamM2'),
      problemRecords: [{ category: '不合理医疗检查', description: '过度检查' }, { category: '监督管理不严密', description: '行风监督缺位' }],
    }))).draftNotice;
    for (const [name, who] of [['submitNotice', 'disciplineD1'], ['approveNotice', 'secretaryD1'], ['issueNotice', 'officeD1']] as const) await step(name, health.id, who);
    const STATS = `query($f: NoticeFilter) { noticeProblemStats(filter: $f) {
      notices problems answered byCategory { category notices problems answered } byDomain { domain { code } notices problems answered } } }`;
    const stats = async (who: Who, filter: Record<string, unknown> | null = null) =>
      (await ok(h.exec<{ noticeProblemStats: unknown }>(STATS, { f: filter }, as(who)))).noticeProblemStats;
    const both = {
      notices: 2, problems: 7, answered: 5,
      byCategory: [
        { category: '不合理医疗检查', notices: 1, problems: 1, answered: 0 },
        { category: '清产核资不精准', notices: 1, problems: 2, answered: 2 },
        { category: '监督管理不严密', notices: 2, problems: 3, answered: 2 },
        { category: '管理制度不统一', notices: 1, problems: 1, answered: 1 },
      ].sort((a, b) => (a.category < b.category ? -1 : 1)),
      byDomain: [{ domain: { code: 'AGRICULTURE' }, notices: 1, problems: 5, answered: 5 }, { domain: { code: 'HEALTH' }, notices: 1, problems: 2, answered: 0 }],
    };
    const sorted = (s: unknown) => {
      const v = s as typeof both;
      return { ...v, byCategory: [...v.byCategory].sort((a, b) => (a.category < b.category ? -1 : 1)), byDomain: [...v.byDomain].sort((a, b) => (a.domain.code < b.domain.code ? -1 : 1)) };
    };
    for (const who of ['disciplineD1', 'officeD1', 'secretaryD1', 'disciplineC1'] as const) expect(sorted(await stats(who))).toEqual(both);
    // The recipient of each reads that one's counts; DISCIPLINE below, the ANALYST, a sibling district and another city none.
    for (const [who, notices, problems, domain] of [['teamM1', 1, 5, 'AGRICULTURE'], ['teamM2', 1, 2, 'HEALTH']] as const) {
      const mine = sorted(await stats(who));
      expect([mine.notices, mine.problems, mine.byDomain.map((d) => d.domain.code)]).toEqual([notices, problems, [domain]]);
    }
    for (const who of ['disciplineM1', 'analystC1', 'disciplineC2', 'officeD2', 'secretaryM1'] as const) {
      expect(await stats(who)).toEqual({ notices: 0, problems: 0, answered: 0, byCategory: [], byDomain: [] });
    }
    // Filters apply: one domain, one state.
    expect(sorted(await stats('disciplineD1', { domainId: domains.HEALTH }))).toMatchObject({ notices: 1, problems: 2, answered: 0 });
    expect(sorted(await stats('disciplineD1', { state: 'CLOSED' }))).toMatchObject({ notices: 1, problems: 5, answered: 5 });
  });

  it('agrees with the portrait: the problems of the notices issued in the year, and the problems found', async () => {
    const figures = await ok(h.exec<{ portrait: { notices: { issued: number; problems: number; problemsAnswered: number }; problems: { found: number } } }>(
      `{ portrait(unitId: "${D1()}", year: ${YEAR}) { notices { issued problems problemsAnswered } problems { found } } }`, {}, 'disciplineD1'));
    const statsOf = async (issued: boolean | null) => (await ok(h.exec<{ noticeProblemStats: { notices: number; problems: number; answered: number } }>(
      `query($f: NoticeFilter) { noticeProblemStats(filter: $f) { notices problems answered } }`, { f: { unitId: D1(), year: YEAR, issued } }, 'disciplineD1'))).noticeProblemStats;
    const stats = { noticeProblemStats: await statsOf(true) };
    expect(figures.portrait.notices).toEqual({ issued: 2, problems: 7, problemsAnswered: 5 });
    expect([stats.noticeProblemStats.problems, stats.noticeProblemStats.answered]).toEqual([7, 5]);
    // Problems found: the issued notices' 7 (the old client's draft has none; a draft's would not count yet).
    expect(figures.portrait.problems.found).toBe(7);
    const third = (await ok(draft({ title: '尚未签发', problemRecords: SANZI.slice(0, 2) }))).draftNotice;
    const after = await ok(h.exec<{ portrait: { notices: { problems: number }; problems: { found: number } } }>(
      `{ portrait(unitId: "${D1()}", year: ${YEAR}) { notices { problems } problems { found } } }`, {}, 'disciplineD1'));
    expect([after.portrait.notices.problems, after.portrait.problems.found]).toEqual([7, 7]);
    expect(third.problemCount).toBe(2);
    // The issued notices agree with the portrait; the draft's problems are counted for its handlers when asked.
    expect(await statsOf(true)).toEqual({ notices: 2, problems: 7, answered: 5 });
    expect(await statsOf(false)).toEqual({ notices: 1, problems: 2, answered: 0 });
    expect(await statsOf(null)).toEqual({ notices: 3, problems: 9, answered: 5 });
  });

  it('lists a notice\'s problems, or a category\'s, through problems(filter)', async () => {
    const list = async (filter: Record<string, unknown>, who: Who = 'disciplineD1') => (await ok(h.exec<{ problems: { totalCount: number; edges: { node: ProblemView }[] } }>(
      'query($f: ProblemFilter) { problems(first: 100, filter: $f) { totalCount edges { node { category description notice { title } } } } }', { f: filter }, as(who)))).problems;
    const ofSanzi = await list({ noticeId: sanzi.id });
    expect(ofSanzi.totalCount).toBe(5);
    expect(new Set(ofSanzi.edges.map((e) => e.node.notice!.title))).toEqual(new Set([sanzi.title]));
    expect((await list({ category: '监督管理不严密' })).totalCount).toBe(3);
    expect((await list({ category: '监督管理不严密' }, 'teamM1')).totalCount).toBe(2);
    expect((await list({ noticeId: sanzi.id }, 'teamM2')).totalCount).toBe(0);
    expect((await list({ noticeId: encodeId('Task', 1) })).totalCount).toBe(0);
  });

  it('writes the same problem records on each notice of 以案四说, in the one transaction', async () => {
    const [edu] = await h.db.query("SELECT id FROM domain WHERE code = 'EDUCATION'");
    const caseId = Number((await h.db.getRepository(DisciplinaryCase).insert({
      cityId: h.fixture.units.M1.cityId, unitId: h.fixture.units.M1.id, issuerUnitId: h.fixture.units.D1.id, officialId: h.fixture.officials.secretaryM1.id,
      domainId: Number(edu.id), incidentOn: today(), title: '招投标案', summary: '串通投标', leadId: null, status: CaseStatus.OPEN,
      openedByOfficialId: h.fixture.officials.disciplineD1.id, openedAt: new Date(), closedAt: null,
    })).identifiers[0].id);
    const input = {
      caseId: encodeId('DisciplinaryCase', caseId), recipientPostIds: [postId('teamM1'), postId('teamM2')], categoryId: categories.FOUR_WINDS,
      title: '以案四说: 工程建设招投标', measures: '建立完善制度机制', unitId: D1(),
      problemRecords: [{ category: '项目监管制度不健全', description: '招标文件审查流于形式' }, { category: '廉政风险防范不够到位', description: '评标专家抽取不规范' }],
    };
    const made = (await ok(h.exec<{ draftNoticesFromCase: NoticeView[] }>(
      `mutation($input: DraftNoticesFromCaseInput!) { draftNoticesFromCase(input: $input) { ${NOTICE_FIELDS} } }`, { input }, 'disciplineD1'))).draftNoticesFromCase;
    expect(made.map((n) => [n.problemCount, n.problemRecords.map((p) => p.category)])).toEqual([
      [2, ['项目监管制度不健全', '廉政风险防范不够到位']], [2, ['项目监管制度不健全', '廉政风险防范不够到位']],
    ]);
    const rows = await h.db.getRepository(Problem).find({ where: { caseId } });
    expect(rows.map((r) => r.source)).toEqual(Array(4).fill('CASE_INVESTIGATION'));
    // A bad record refuses the whole batch.
    await refused('BAD_USER_INPUT', () => h.exec('mutation($input: DraftNoticesFromCaseInput!) { draftNoticesFromCase(input: $input) { id } }',
      { input: { ...input, problemRecords: [...input.problemRecords, { category: '', description: 'x' }] } }, 'disciplineD1'));
  });

  it('reads a list of notices with their problems in a fixed number of statements', async () => {
    const query = `{ notices(first: 50) { edges { node { title problemCount problemRecords { category answer notice { title } domain { code } } } } } }`;
    const count = async (): Promise<number> => {
      const contextValue = await h.server.contextFor(await h.tokenOf('disciplineD1'));
      h.counter.reset();
      const res = await h.server.apollo.executeOperation({ query }, { contextValue });
      if (res.body.kind !== 'single') throw new Error('unexpected');
      expect(res.body.singleResult.errors).toBeUndefined();
      return h.counter.count;
    };
    const before = await count();
    for (let i = 0; i < 4; i++) await ok(draft({ title: `批量 ${i}`, problemRecords: SANZI }));
    expect(await count()).toBe(before);
    // The notices page, the problems, their notices and their domains.
    expect(before).toBe(4);
  });
});

describeDb('notice problems in the demo', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemo(db);
  });
  afterAll(() => closeTestDatabase(db));

  it('lists each district\'s "三资" notice with its 14 problems in 4 categories, each answered by the report', async () => {
    const notices = await db.getRepository(Notice).find({ where: { title: SANZI_TITLE } });
    expect(notices.length).toBeGreaterThanOrEqual(3);
    for (const n of notices) {
      const problems = await db.getRepository(Problem).find({ where: { noticeId: n.id } });
      expect(problems).toHaveLength(14);
      expect(new Set(problems.map((p) => p.category)).size).toBe(4);
      expect(problems.every((p) => p.answer !== null && p.domainId === n.domainId && p.unitId === n.unitId)).toBe(true);
    }
  });
});
