// A package's API from its type definitions: every export of every entry point, and one export
// (or one member of it, `Agent.generate`) with its declaration, JSDoc, members and site. Read by
// syntax through the module graph, so the first answer costs the few files it touches.
import { relative } from 'node:path';
import ts from 'typescript';
import { DocsError } from '../errors.js';
import { declarationHost, hasModifier, memberName } from './declaration-syntax.js';
import { findImplementation, type SourceSpan } from './implementation-source.js';
import { createModuleGraph, type ModuleGraph, type Target } from './module-graph.js';
import type { PackageEntries } from './package-entries.js';
import { createWorkBudget, type WorkBudget } from './work-budget.js';

export interface ExportSummary {
  name: string;
  kind: string;
  entry: string;
}

export interface ExportDetail {
  /** As asked: `Agent` or `Agent.generate`. */
  name: string;
  kind: string;
  entries: string[];
  /** The declaration(s) as written in the `.d.ts` (overloads and merged declarations together). */
  signature: string;
  doc: string;
  tags: string[];
  members: string[];
  /** For a member found on a base class or interface: that base's name. */
  inheritedFrom?: string;
  /** Type names the declaration refers to that the package itself declares. */
  uses: string[];
  file: string;
  line: number;
  /** Set when the name is re-exported from another package. */
  external?: string;
  source?: SourceSpan;
}

export interface PackageApi {
  list(): ExportSummary[];
  /** Entry point → packages it re-exports whole; called after list(), within its budget. */
  foreignStars(): Map<string, string[]>;
  get(path: string, includeSource?: boolean): ExportDetail | undefined;
}

const MAX_PATH_PARTS = 6;
const MAX_BASES = 8;
const MAX_MEMBER_CHARS = 220;
const MAX_USES = 24;

interface Resolved {
  source: ts.SourceFile;
  nodes: ts.Node[];
  inheritedFrom?: string;
}

interface Member extends Resolved {
  name: string;
}

/** Each call of `list` and `get` begins `budget`: one bound on time and steps per request. */
export function loadPackageApi(pkg: PackageEntries, budget: WorkBudget = createWorkBudget()): PackageApi {
  const graph = createModuleGraph(pkg.dir, 'types', pkg.entries, budget);
  let runtime: ModuleGraph | undefined;

  /** `expanded`: declarations whose members are gathered already (an interface extending itself, or one base by two paths). */
  function members(target: Resolved, depth = 0, expanded = new Set<ts.Node>()): Member[] {
    target.nodes.forEach((node) => expanded.add(node));
    const out = new Map<string, Member>();
    const add = (name: string, node: ts.Node, source: ts.SourceFile, inheritedFrom?: string) => {
      const seen = out.get(name);
      if (!seen) out.set(name, { name, nodes: [node], source, inheritedFrom });
      else if (seen.source === source && seen.inheritedFrom === inheritedFrom) seen.nodes.push(node);
    };
    for (const node of target.nodes) {
      for (const member of ownMembers(node)) {
        budget.spend();
        const name = memberName(member);
        // `__name` members are internal by convention, though not marked private.
        if (name !== undefined && !name.startsWith('__') && isPublic(member)) add(name, member, target.source, target.inheritedFrom);
      }
    }
    if (depth >= MAX_BASES) return [...out.values()];
    // Base classes and interfaces, then the types a variable or property is declared with.
    for (const reference of referencedTypes(target.nodes)) {
      const base = graph.localOf(target.source, reference);
      if (base?.kind !== 'declarations' || base.nodes.every((node) => expanded.has(node))) continue;
      const from = isTypeOnlyReference(target.nodes) ? target.inheritedFrom : reference;
      for (const m of members({ source: base.source, nodes: base.nodes, inheritedFrom: from }, depth + 1, expanded)) if (!out.has(m.name)) out.set(m.name, m);
    }
    return [...out.values()];
  }

  function resolvePath(first: Target, parts: string[]): { target: Resolved } | { external: string } {
    if (first.kind === 'external') return { external: `${first.name === 'default' ? 'the default export' : first.name} of ${first.specifier}` };
    let target = resolved(first);
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i];
      if (ts.isSourceFile(target.nodes[0])) {
        const next = graph.exportOf(target.source.fileName, part);
        if (next?.kind === 'declarations' || next?.kind === 'module') {
          target = resolved(next);
          continue;
        }
      }
      const all = members(target);
      const found = all.find((m) => m.name === part);
      if (!found) {
        const near = all.map((m) => m.name).filter((n) => n.toLowerCase().includes(part.toLowerCase().slice(0, 4)));
        const owner = parts.slice(0, i).join('.');
        throw new DocsError('PATH_NOT_FOUND', `${owner} has no public member "${part}".${near.length ? ` Close: ${near.slice(0, 8).join(', ')}.` : ''} Ask for ${owner} to see all ${all.length}.`);
      }
      target = found;
    }
    return { target };
  }

  return {
    list() {
      budget.begin(`list_exports of ${pkg.name}@${pkg.version}`);
      const out: ExportSummary[] = [];
      for (const [entry, file] of pkg.entries) {
        for (const name of graph.exportNames(file)) out.push({ name, kind: kindOfTarget(graph.exportOf(file, name)), entry });
      }
      return out;
    },
    // Within the budget list() began: the two answer one request.
    foreignStars() {
      const out = new Map<string, string[]>();
      for (const [entry, file] of pkg.entries) {
        const stars = graph.foreignStars(file);
        if (stars.length) out.set(entry, stars);
      }
      return out;
    },
    get(path, includeSource) {
      budget.begin(`get_export of ${pkg.name}@${pkg.version}`);
      const parts = path.split('.');
      if (parts.length > MAX_PATH_PARTS || !parts.every((p) => /^[A-Za-z_$][\w$]*$/.test(p))) {
        throw new DocsError('INVALID_ARGUMENT', `"${path.slice(0, 100)}" is not an export name or Name.member path.`);
      }
      const head = parts[0];
      const exporting = [...pkg.entries].map(([entry, file]) => ({ entry, target: graph.exportOf(file, head) })).filter((f) => f.target !== undefined);
      if (exporting.length === 0) return undefined;
      const first = exporting[0].target!;
      const same = exporting.filter((f) => sameTarget(f.target!, first));
      const found = resolvePath(first, parts);
      const entries = same.map((f) => f.entry);
      if ('external' in found) {
        return { name: path, kind: 'external', entries, signature: '', doc: '', tags: [], members: [], uses: [], file: '', line: 0, external: found.external };
      }
      const { source, nodes, inheritedFrom } = found.target;
      const primary = nodes[0];
      const { doc, tags } = docOf(nodes);
      const detail: ExportDetail = {
        name: path,
        kind: primary === source ? 'namespace' : kindOf(primary),
        entries,
        signature: primary === source ? `export * as ${head}` : nodes.map(declarationText).join('\n'),
        doc,
        tags,
        members: primary === source ? graph.exportNames(source.fileName) : members(found.target).map(memberLine),
        inheritedFrom,
        uses: primary === source ? [] : usedTypes(graph, source, nodes).filter((n) => n !== parts.at(-1)),
        file: relative(pkg.dir, source.fileName),
        line: primary === source ? 1 : source.getLineAndCharacterOfPosition(primary.getStart(source)).line + 1,
      };
      if (includeSource) detail.source = findImplementation(pkg, (runtime ??= createModuleGraph(pkg.dir, 'runtime', pkg.runtime, budget)), entries, parts);
      return detail;
    },
  };
}

/** A graph target as a member lookup starts from it: a whole module is its one source file. */
function resolved(target: Exclude<Target, { kind: 'external' }>): Resolved {
  return target.kind === 'module' ? { source: target.source, nodes: [target.source] } : { source: target.source, nodes: target.nodes };
}

function sameTarget(a: Target, b: Target): boolean {
  if (a.kind === 'declarations' && b.kind === 'declarations') return a.nodes[0] === b.nodes[0];
  if (a.kind === 'module' && b.kind === 'module') return a.source === b.source;
  return a.kind === 'external' && b.kind === 'external' && a.specifier === b.specifier && a.name === b.name;
}

function kindOfTarget(target: Target | undefined): string {
  if (!target) return 'other';
  if (target.kind === 'module') return 'namespace';
  if (target.kind === 'external') return 'external';
  return kindOf(target.nodes[0]);
}

export function kindOf(node: ts.Node): string {
  if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return 'class';
  if (ts.isFunctionDeclaration(node)) return 'function';
  if (ts.isInterfaceDeclaration(node)) return 'interface';
  if (ts.isTypeAliasDeclaration(node)) return 'type';
  if (ts.isEnumDeclaration(node)) return 'enum';
  if (ts.isModuleDeclaration(node)) return 'namespace';
  if (ts.isVariableDeclaration(node)) return 'variable';
  if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) return 'method';
  if (ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) return 'property';
  if (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) return 'accessor';
  if (ts.isConstructorDeclaration(node) || ts.isConstructSignatureDeclaration(node)) return 'constructor';
  if (ts.isEnumMember(node)) return 'enum member';
  return 'other';
}

/** The members a declaration holds itself (a class body, an interface, an object type, a namespace). */
function ownMembers(node: ts.Node): readonly ts.Node[] {
  if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node)) return node.members;
  if (ts.isSourceFile(node)) return node.statements;
  if (ts.isModuleDeclaration(node)) return node.body && ts.isModuleBlock(node.body) ? node.body.statements : [];
  const type = declaredType(node);
  if (!type) return [];
  const literals = ts.isIntersectionTypeNode(type) ? type.types : [type];
  return literals.flatMap((t) => (ts.isTypeLiteralNode(t) ? [...t.members] : []));
}

/** The type a variable, property or type alias is declared with. */
function declaredType(node: ts.Node): ts.TypeNode | undefined {
  if (ts.isTypeAliasDeclaration(node)) return node.type;
  if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) return node.type;
  return undefined;
}

/** Names of base classes/interfaces, or of the named types a variable, property or alias has. */
function referencedTypes(nodes: ts.Node[]): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) {
      for (const clause of node.heritageClauses ?? []) {
        if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
        for (const t of clause.types) if (ts.isIdentifier(t.expression)) out.push(t.expression.text);
      }
      continue;
    }
    const type = declaredType(node);
    const parts = type && ts.isIntersectionTypeNode(type) ? type.types : type ? [type] : [];
    for (const t of parts) if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) out.push(t.typeName.text);
  }
  return out;
}

/** A variable's or property's named type is not a base: its members are the value's own. */
function isTypeOnlyReference(nodes: ts.Node[]): boolean {
  return !nodes.some((n) => ts.isClassLike(n) || ts.isInterfaceDeclaration(n));
}

function isPublic(node: ts.Node): boolean {
  return !hasModifier(node, ts.SyntaxKind.PrivateKeyword) && !hasModifier(node, ts.SyntaxKind.ProtectedKeyword);
}

/** A declaration as written, without its JSDoc; a class or interface without its body. */
function declarationText(node: ts.Node): string {
  const source = node.getSourceFile();
  if (ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) {
    const head = source.text.slice(node.getStart(source), node.members.pos).replace(/\{\s*$/, '');
    return head.replace(/\/\*[\s\S]*?\*\/\s*/g, '').trim();
  }
  return declarationHost(node).getText(source);
}

function memberLine(member: Member): string {
  const node = member.nodes[0];
  const isStatic = hasModifier(node, ts.SyntaxKind.StaticKeyword);
  let text = declarationText(node).replace(/\s+/g, ' ').trim();
  if (isStatic && !text.startsWith('static')) text = `static ${text}`;
  if (text.length > MAX_MEMBER_CHARS) text = `${text.slice(0, MAX_MEMBER_CHARS)}…`;
  if (member.nodes.length > 1) text += ` (+${member.nodes.length - 1} overload${member.nodes.length > 2 ? 's' : ''})`;
  const doc = docOf(member.nodes).doc.split('\n')[0];
  return `${text}${doc ? ` — ${doc}` : ''}${member.inheritedFrom ? ` (from ${member.inheritedFrom})` : ''}`;
}

function docOf(nodes: ts.Node[]): { doc: string; tags: string[] } {
  for (const node of nodes) {
    const host = ts.isVariableDeclaration(node) ? node.parent.parent : node;
    const docs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc);
    const last = docs.at(-1);
    if (!last) continue;
    const tags = (last.tags ?? []).map((tag) => {
      const name = ts.isJSDocParameterTag(tag) || ts.isJSDocPropertyTag(tag) ? ` ${tag.name.getText()}` : '';
      const text = ts.getTextOfJSDocComment(tag.comment);
      return `@${tag.tagName.text}${name}${text ? ` ${text}` : ''}`;
    });
    return { doc: ts.getTextOfJSDocComment(last.comment) ?? '', tags };
  }
  return { doc: '', tags: [] };
}

/** Named types the declarations mention that the package declares (for the next get_export). */
function usedTypes(graph: ModuleGraph, source: ts.SourceFile, nodes: ts.Node[]): string[] {
  const names = new Set<string>();
  const params = new Set<string>();
  const visit = (node: ts.Node) => {
    if (names.size >= MAX_USES * 2) return;
    if (ts.isTypeParameterDeclaration(node)) params.add(node.name.text);
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) names.add(node.typeName.text);
    if (ts.isExpressionWithTypeArguments(node) && ts.isIdentifier(node.expression)) names.add(node.expression.text);
    ts.forEachChild(node, visit);
  };
  nodes.forEach(visit);
  return [...names].filter((n) => !params.has(n) && graph.localOf(source, n)?.kind === 'declarations').slice(0, MAX_USES);
}
