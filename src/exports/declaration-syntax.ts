// Small facts about a declaration's syntax, shared by the `.d.ts` reader and the implementation
// finder: its modifiers, its name as a member, and the statement that holds it.
import ts from 'typescript';

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** A member's name (`constructor` for constructors); undefined for private `#names` and computed ones. */
export function memberName(node: ts.Node): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isVariableStatement(node)) {
    const first = node.declarationList.declarations[0];
    return first && ts.isIdentifier(first.name) ? first.name.text : undefined;
  }
  const name = (node as ts.NamedDeclaration).name;
  if (!name || ts.isPrivateIdentifier(name) || ts.isComputedPropertyName(name)) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The whole statement for a variable it declares alone (`export declare const X: T;`), else the node. */
export function declarationHost(node: ts.Node): ts.Node {
  if (ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent) && node.parent.declarations.length === 1) return node.parent.parent;
  return node;
}
