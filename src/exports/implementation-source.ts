// The implementation of an export (or of one member: `Agent.generate`) in the JavaScript the
// package ships, found by following the entry point's ES module exports to the declaration.
// Bundled packages rename and re-export through chunks (`export { Agent as t }`); the graph follows.
import { relative } from 'node:path';
import ts from 'typescript';
import { declarationHost, memberName } from './declaration-syntax.js';
import type { ModuleGraph } from './module-graph.js';
import type { PackageEntries } from './package-entries.js';

export interface SourceSpan {
  file: string;
  line: number;
  text: string;
}

/**
 * The first entry whose runtime file leads to the named declaration, or undefined when none does.
 * `graph` is the package's `runtime` module graph (kept by the caller: bundles take a while to parse).
 */
export function findImplementation(pkg: PackageEntries, graph: ModuleGraph, entries: string[], parts: string[]): SourceSpan | undefined {
  for (const entry of entries) {
    const file = pkg.runtime.get(entry);
    const target = file ? graph.exportOf(file, parts[0]) : undefined;
    if (target?.kind !== 'declarations') continue;
    let node: ts.Node | undefined = target.nodes[0];
    for (const part of parts.slice(1)) node = node && memberOf(node, part);
    if (!node) continue;
    const source = target.source;
    const host = declarationHost(node);
    const start = source.getLineAndCharacterOfPosition(host.getStart(source));
    const lineStart = source.getPositionOfLineAndCharacter(start.line, 0);
    return { file: relative(pkg.dir, source.fileName), line: start.line + 1, text: source.text.slice(lineStart, host.end) };
  }
  return undefined;
}

/** A named member of a class (declaration or `var X = class …`) or of an object literal. */
function memberOf(node: ts.Node, name: string): ts.Node | undefined {
  const value = ts.isVariableDeclaration(node) ? node.initializer : node;
  if (!value) return undefined;
  const members: readonly ts.Node[] = ts.isClassLike(value) ? value.members : ts.isObjectLiteralExpression(value) ? value.properties : [];
  return members.find((m) => memberName(m) === name);
}
