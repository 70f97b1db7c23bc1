// Follows exported names through a package's files by syntax alone: each file is parsed once
// (no program, no type-check), and export/import statements lead from an entry point to the
// declaration. A full TypeScript program of a large package takes seconds; this takes a few files.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { isInside } from '../confine-path.js';
import { hasModifier } from './declaration-syntax.js';
import { createWorkBudget, type WorkBudget } from './work-budget.js';

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_FILES = 5000;
const MAX_HOPS = 40;

/** Where an exported name leads: its declarations (merged or overloaded), a whole module, or another package. */
export type Target =
  | { kind: 'declarations'; source: ts.SourceFile; nodes: ts.Node[] }
  | { kind: 'module'; source: ts.SourceFile }
  | { kind: 'external'; specifier: string; name: string };

interface Link {
  local?: string;
  specifier?: string;
  name?: string;
}

interface FileIndex {
  source: ts.SourceFile;
  locals: Map<string, ts.Node[]>;
  imports: Map<string, Link>;
  exports: Map<string, Link>;
  stars: string[];
}

export type ModuleStyle = 'types' | 'runtime';

export interface ModuleGraph {
  exportOf(file: string, name: string): Target | undefined;
  localOf(source: ts.SourceFile, name: string): Target | undefined;
  exportNames(file: string): string[];
  /** Other packages whose every export this file re-exports (`export * from 'zod'`). */
  foreignStars(file: string): string[];
}

/**
 * A graph over the files of the package in `root`. `style` picks how a specifier maps to a file:
 * `types` reads `.d.ts` files (`./agent.js` → `./agent.d.ts`), `runtime` the JavaScript itself.
 * `selfEntries` maps the package's own subpath names (`@scope/pkg/agent`) to their files.
 * Every file parsed and every name followed spends a step of `budget` (the caller begins it per request).
 */
export function createModuleGraph(root: string, style: ModuleStyle, selfEntries = new Map<string, string>(), budget: WorkBudget = createWorkBudget()): ModuleGraph {
  const realRoot = realpathSync(root);
  const files = new Map<string, FileIndex | null>();

  function indexOf(file: string): FileIndex | undefined {
    const cached = files.get(file);
    if (cached !== undefined) return cached ?? undefined;
    if (files.size >= MAX_FILES) return undefined;
    budget.spend();
    const index = parseFile(file);
    files.set(file, index ?? null);
    return index;
  }

  function parseFile(file: string): FileIndex | undefined {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      return undefined;
    }
    // Symlinks out of the package are not followed; nor are huge or special files.
    const info = statSync(real, { throwIfNoEntry: false });
    if (!isInside(realRoot, real) || !info?.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    const kind = style === 'types' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const source = ts.createSourceFile(file, readFileSync(real, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    return indexStatements(source);
  }

  function resolveSpecifier(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return selfEntries.get(specifier);
    const base = resolve(dirname(from), specifier);
    const candidates =
      style === 'types'
        ? [base.replace(/\.js$/, '.d.ts'), base.replace(/\.mjs$/, '.d.mts'), base.replace(/\.cjs$/, '.d.cts'), `${base}.d.ts`, `${base}/index.d.ts`, base]
        : [base, `${base}.js`, `${base}.mjs`, `${base}/index.js`];
    return candidates.find((c) => /\.[cm]?[jt]s$/.test(c) && isInside(root, c) && statSync(c, { throwIfNoEntry: false })?.isFile());
  }

  function follow(from: ts.SourceFile, link: Link, hops: number): Target | undefined {
    if (link.specifier === undefined) return link.local === undefined ? undefined : local(from, link.local, hops);
    const file = resolveSpecifier(from.fileName, link.specifier);
    if (!file) return { kind: 'external', specifier: link.specifier, name: link.name ?? '*' };
    if (link.name === '*') {
      const index = indexOf(file);
      return index && { kind: 'module', source: index.source };
    }
    return exported(file, link.name ?? 'default', hops);
  }

  function exported(file: string, name: string, hops: number, seen = new Set<string>()): Target | undefined {
    budget.spend();
    const index = indexOf(file);
    if (!index || hops > MAX_HOPS || seen.has(file)) return undefined;
    seen.add(file);
    const link = index.exports.get(name);
    if (link) return follow(index.source, link, hops + 1);
    if (name === 'default') return undefined;
    for (const specifier of index.stars) {
      const target = resolveSpecifier(file, specifier);
      const found = target && exported(target, name, hops + 1, seen);
      if (found) return found;
    }
    return undefined;
  }

  function local(source: ts.SourceFile, name: string, hops: number): Target | undefined {
    budget.spend();
    const index = indexOf(source.fileName);
    if (!index || hops > MAX_HOPS) return undefined;
    const nodes = index.locals.get(name);
    if (nodes) return { kind: 'declarations', source, nodes };
    const link = index.imports.get(name);
    return link ? follow(source, link, hops + 1) : undefined;
  }

  // Star re-exports are followed as deep as a name lookup follows them (MAX_HOPS), no deeper:
  // a ring of thousands of files would otherwise overflow the stack.
  function names(file: string, seen: Set<string>, hops = 0): string[] {
    budget.spend();
    const index = indexOf(file);
    if (!index || seen.has(file) || hops > MAX_HOPS) return [];
    seen.add(file);
    const out = new Set(index.exports.keys());
    for (const specifier of index.stars) {
      const target = resolveSpecifier(file, specifier);
      if (target) for (const name of names(target, seen, hops + 1)) if (name !== 'default') out.add(name);
    }
    return [...out];
  }

  function foreign(file: string, seen: Set<string>, hops = 0): string[] {
    budget.spend();
    const index = indexOf(file);
    if (!index || seen.has(file) || hops > MAX_HOPS) return [];
    seen.add(file);
    return index.stars.flatMap((specifier) => {
      const target = resolveSpecifier(file, specifier);
      return target ? foreign(target, seen, hops + 1) : specifier.startsWith('.') ? [] : [specifier];
    });
  }

  return {
    foreignStars: (file) => [...new Set(foreign(file, new Set()))],
    exportOf: (file, name) => exported(file, name, 0),
    localOf: (source, name) => local(source, name, 0),
    exportNames: (file) => names(file, new Set()),
  };
}

function indexStatements(source: ts.SourceFile): FileIndex {
  const index: FileIndex = { source, locals: new Map(), imports: new Map(), exports: new Map(), stars: [] };
  const addLocal = (name: string, node: ts.Node) => index.locals.set(name, [...(index.locals.get(name) ?? []), node]);
  for (const statement of source.statements) {
    const exportedHere = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        addLocal(declaration.name.text, declaration);
        if (exportedHere) index.exports.set(declaration.name.text, { local: declaration.name.text });
      }
    } else if (ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) {
      const name = statement.name && ts.isIdentifier(statement.name) ? statement.name.text : isDefault ? 'default' : undefined;
      if (!name) continue;
      addLocal(name, statement);
      if (exportedHere) index.exports.set(isDefault ? 'default' : name, { local: name });
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause?.name) index.imports.set(clause.name.text, { specifier, name: 'default' });
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) index.imports.set(bindings.name.text, { specifier, name: '*' });
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) index.imports.set(e.name.text, { specifier, name: (e.propertyName ?? e.name).text });
    } else if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) index.stars.push(specifier);
      } else if (ts.isNamespaceExport(clause)) {
        if (specifier) index.exports.set(clause.name.text, { specifier, name: '*' });
      } else {
        for (const e of clause.elements) {
          const from = (e.propertyName ?? e.name).text;
          index.exports.set(e.name.text, specifier ? { specifier, name: from } : { local: from });
        }
      }
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      index.exports.set('default', { local: statement.expression.text });
    }
  }
  return index;
}
