// A large answer written in pieces (src/answer.ts) is byte for byte what JSON.stringify and
// Buffer.from would have sent, whatever the values: members JSON leaves out, toJSON, Chinese
// text, escapes, nesting deep and wide.
import { jsonBytes, stringifyAnswer } from '../../src/answer';
import { requestScope } from '../../src/request-scope';

const same = (value: unknown): void => {
  expect(jsonBytes(value).toString('utf8')).toBe(JSON.stringify(value));
  expect(jsonBytes(value).equals(Buffer.from(JSON.stringify(value), 'utf8'))).toBe(true);
};

/** A district's tree read: units with pages of tasks, a few thousand objects. */
const tree = (units: number, tasks: number) => ({
  data: {
    orgUnit: {
      name: '某某区委', tasks: { edges: [] },
      children: Array.from({ length: units }, (_, u) => ({
        name: `街道 ${u} "第${u}" \\ \n`,
        tasks: {
          totalCount: tasks,
          edges: Array.from({ length: tasks }, (__, t) => ({
            node: {
              id: Buffer.from(`Task:${u * 100 + t}`).toString('base64'), title: `落实主体责任 ${t} 😀 \u2028`, percent: t * 1.5, light: t % 2 ? 'GREEN' : null,
              nextDueOn: undefined, leader: { official: { name: '张三', phone: t % 3 ? '13800138000' : null } },
            },
          })),
        },
      })),
    },
  },
  errors: [{ message: 'Not allowed', path: ['orgUnit', 'children', 0, 'tasks', 'edges', 0, 'node', 'leader', 'official', 'phone'], extensions: { code: 'FORBIDDEN' } }],
});

describe('answers written in pieces', () => {
  it('equals JSON.stringify for a large tree read, with what JSON leaves out or converts', () => {
    const big = tree(40, 30);
    same(big);
    const odd = {
      ...big,
      extensions: {
        at: new Date(Date.UTC(2026, 11, 7)), fn: () => 1, sym: Symbol('s'), nothing: undefined, nan: NaN, inf: -Infinity,
        custom: { toJSON: () => ({ replaced: true }) }, hidden: { toJSON: () => undefined }, bare: Object.assign(Object.create(null), { a: 1 }),
        list: [undefined, () => 1, Symbol('t'), null, { toJSON: () => undefined }],
      },
    };
    same(odd);
    // Wide and deep: arrays of arrays, an array of thousands of scalars, a very long string.
    same({ wide: Array.from({ length: 5000 }, (_, i) => (i % 2 ? [i, { i }] : `s${i}`)), deep: tree(3, 200), long: '長'.repeat(200_000) });
  });

  it('equals JSON.stringify for small values and scalars', () => {
    for (const v of [null, 0, 'x', '', [], {}, [[]], { a: [] }, tree(1, 1), true]) same(v);
  });

  it('keeps a large answer as bytes for the request and hands Apollo an empty string; a small one is the string', () => {
    const big = tree(40, 30);
    requestScope.run(() => {
      expect(stringifyAnswer({ data: { a: 1 } })).toBe('{"data":{"a":1}}');
      expect(requestScope.current()!.answer).toBeNull();
      expect(stringifyAnswer(big)).toBe('');
      expect(requestScope.current()!.answer!.toString('utf8')).toBe(JSON.stringify(big));
    });
    // Outside a request (no scope to keep bytes in): the string.
    expect(stringifyAnswer(big)).toBe(JSON.stringify(big));
  });
});
