// Look-ahead at a field's selection, so a resolver can read in one statement what its
// sub-selection will ask for (PostGraphile and join-monster plan the same way).
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

const pathsOf = new WeakMap<FieldNode, Map<number, ReadonlySet<string>>>();

/**
 * The dotted paths selected below the current field, down to `depth` levels:
 * "totalCount", "edges", "edges.node", "edges.node.leader", ... Fragments are expanded;
 * @skip/@include are ignored (a field that may be skipped counts as selected). Worked out
 * once per field of a document (a field under a list asks once per value: OrgUnit.tasks
 * under 2,000 units), not once per value.
 */
export function selectedPaths(info: GraphQLResolveInfo, depth = 4): ReadonlySet<string> {
  // A field met through one node (the usual case) is cached by it; merged nodes are walked.
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0] : null;
  let byDepth = node && pathsOf.get(node);
  if (node && !byDepth) pathsOf.set(node, (byDepth = new Map()));
  let paths = byDepth?.get(depth);
  if (!paths) {
    paths = walkPaths(info, depth);
    byDepth?.set(depth, paths);
  }
  return paths;
}

function walkPaths(info: GraphQLResolveInfo, depth: number): Set<string> {
  const paths = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, prefix: string, level: number): void => {
    if (!set || level > depth) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const path = prefix + sel.name.value;
        paths.add(path);
        walk(sel.selectionSet, `${path}.`, level + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, prefix, level);
      } else {
        walk(info.fragments[sel.name.value]?.selectionSet, prefix, level);
      }
    }
  };
  for (const node of info.fieldNodes as readonly FieldNode[]) walk(node.selectionSet, '', 1);
  return paths;
}

const depths = new WeakMap<FieldNode, number>();

/**
 * How many tiers of `field` nest from here (1 + the `field.field...` chain below this
 * field: `children { children { name } }` is 2), worked out once per field of a document.
 */
export function nestedDepth(info: GraphQLResolveInfo, field: string, most = 6): number {
  const node = info.fieldNodes[0];
  let depth = depths.get(node);
  if (depth === undefined) {
    const paths = selectedPaths(info, most);
    depth = 1;
    for (let chain = field; paths.has(chain); chain += `.${field}`) depth += 1;
    depths.set(node, depth);
  }
  return depth;
}

/**
 * Relations a list field reads with its nodes, in its own statement, whenever its selection
 * asks for them: by the path below the field, the property of the node's record that then
 * holds the related record (`OrgUnit.tasks`: 'edges.node.leader' in `leaderPost`). In a
 * document where every occurrence of such a field (`Task.leader`) lies at such a path, the
 * graphql-jit executor reads it as that property, with no resolver call per value.
 */
export const READ_WITH = new Map<string, Readonly<Record<string, string>>>();
