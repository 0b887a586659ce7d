// No getter or setter in an object literal anywhere in src/: V8 gives each evaluation of such
// a literal a hidden class of its own that keeps the accessor's closure, and all it captures
// (a request's context, loaders and answer), through every young-generation collection until
// a full one (README, Benchmark, stop 29). A lazy field is a getter of a class instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** "file:line get name" for each accessor declared in an object literal of the source text. */
function accessorLiterals(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) && ts.isObjectLiteralExpression(node.parent)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push(`${file}:${line} ${ts.isGetAccessorDeclaration(node) ? 'get' : 'set'} ${node.name.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);

describe('accessors of object literals', () => {
  it('the check finds them, and not a class\'s', () => {
    expect(accessorLiterals('a.ts', 'const page = { edges, get totalCount() { return count(); }, set size(n: number) {} };'))
      .toEqual(['a.ts:1 get totalCount', 'a.ts:1 set size']);
    expect(accessorLiterals('b.ts', 'class Page { get totalCount() { return 1; } }\nconst o = { f() { return 1; }, g: () => 2 };')).toEqual([]);
  });

  it('src/ declares none', () => {
    const files = sources(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => accessorLiterals(relative(ROOT, f), readFileSync(f, 'utf8')))).toEqual([]);
  });
});
