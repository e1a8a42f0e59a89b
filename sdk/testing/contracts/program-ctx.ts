/**
 * Reads the ctx type a program's entry declares (its `solve`/`improve` parameter, followed into
 * local interfaces, type aliases and the program files they are imported from) and lists every
 * field it declares that the engine does not pass. Needs the optional `typescript` package, so it
 * is loaded only when the program suite's ctx case runs.
 */
import { posix } from "node:path";
import type * as TS from "typescript";

type Ts = typeof TS;

/** A ctx shape: `true` is "any value"; an object lists the fields the engine sets. */
export type CtxShape = true | { readonly [field: string]: CtxShape };

interface Member {
  name: string;
  type: TS.TypeNode | undefined;
  file: string;
}

/** Problems (one line each) with the ctx type `fn`'s parameter `index` declares in `entry`. */
export async function declaredCtx(
  files: Record<string, string>,
  entry: string,
  fn: string,
  index: number,
  engine: CtxShape,
): Promise<string[]> {
  // CommonJS: the namespace is the default export under Node's ESM loader.
  const loaded = await import("typescript");
  const ts = (loaded.default ?? loaded) as unknown as Ts;
  const parsed = new Map<string, TS.SourceFile>();
  const source = (path: string) => {
    let file = parsed.get(path);
    const text = files[path];
    if (file === undefined && text !== undefined) {
      file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
      parsed.set(path, file);
    }
    return file;
  };
  const root = source(entry);
  if (root === undefined) return [`${entry} is missing`];
  const param = entryParameter(ts, root, fn, index);
  if (param === undefined) return [];
  const problems: string[] = [];
  const check = (type: TS.TypeNode, file: string, shape: CtxShape, path: string, depth: number) => {
    if (shape === true || depth > 8) return;
    for (const member of membersOf(ts, type, file, source, 0) ?? []) {
      const expected = shape[member.name];
      if (expected === undefined) {
        problems.push(
          `${member.file}: ${path}.${member.name} is declared, but the engine passes no such field`,
        );
      } else if (member.type !== undefined) {
        check(member.type, member.file, expected, `${path}.${member.name}`, depth + 1);
      }
    }
  };
  check(param, entry, engine, `${fn}'s ctx`, 0);
  return problems;
}

function entryParameter(ts: Ts, file: TS.SourceFile, fn: string, index: number): TS.TypeNode | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === fn)
      return statement.parameters[index]?.type;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (
          ts.isIdentifier(declaration.name) &&
          declaration.name.text === fn &&
          init !== undefined &&
          (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
        )
          return init.parameters[index]?.type;
      }
    }
  }
  return undefined;
}

/** The fields of an object-like type node; undefined for anything else (arrays, unions, primitives). */
function membersOf(
  ts: Ts,
  type: TS.TypeNode,
  file: string,
  source: (path: string) => TS.SourceFile | undefined,
  depth: number,
): Member[] | undefined {
  if (depth > 8) return undefined;
  if (ts.isTypeLiteralNode(type)) return fields(ts, type.members, file);
  if (ts.isParenthesizedTypeNode(type)) return membersOf(ts, type.type, file, source, depth + 1);
  if (ts.isIntersectionTypeNode(type))
    return type.types.flatMap((part) => membersOf(ts, part, file, source, depth + 1) ?? []);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const found = declarationOf(ts, type.typeName.text, file, source);
  if (found === undefined) return undefined;
  const { node, file: where } = found;
  if (ts.isTypeAliasDeclaration(node)) return membersOf(ts, node.type, where, source, depth + 1);
  const inherited = (node.heritageClauses ?? []).flatMap((clause) =>
    clause.types.flatMap((base) =>
      ts.isIdentifier(base.expression)
        ? (membersOf(
            ts,
            ts.factory.createTypeReferenceNode(base.expression.text),
            where,
            source,
            depth + 1,
          ) ?? [])
        : [],
    ),
  );
  return [...inherited, ...fields(ts, node.members, where)];
}

function fields(ts: Ts, members: TS.NodeArray<TS.TypeElement>, file: string): Member[] {
  const out: Member[] = [];
  for (const member of members) {
    if (!(ts.isPropertySignature(member) || ts.isMethodSignature(member))) continue;
    const name = member.name;
    if (!(ts.isIdentifier(name) || ts.isStringLiteral(name))) continue;
    out.push({ name: name.text, type: ts.isPropertySignature(member) ? member.type : undefined, file });
  }
  return out;
}

/** The interface or type alias `name` in `file`, or in the program file it is imported from. */
function declarationOf(
  ts: Ts,
  name: string,
  file: string,
  source: (path: string) => TS.SourceFile | undefined,
): { node: TS.InterfaceDeclaration | TS.TypeAliasDeclaration; file: string } | undefined {
  const sf = source(file);
  if (sf === undefined) return undefined;
  for (const statement of sf.statements) {
    if (
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
      statement.name.text === name
    )
      return { node: statement, file };
  }
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
    const binding = bindings.elements.find((element) => element.name.text === name);
    if (binding === undefined) continue;
    const target = resolveImport(statement.moduleSpecifier.text, file, source);
    if (target === undefined) return undefined;
    return declarationOf(ts, (binding.propertyName ?? binding.name).text, target, source);
  }
  return undefined;
}

function resolveImport(
  spec: string,
  from: string,
  source: (path: string) => TS.SourceFile | undefined,
): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const candidates = [base.replace(/\.js$/, ".ts"), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((path) => source(path) !== undefined);
}
