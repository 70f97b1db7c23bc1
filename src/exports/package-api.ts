// API exports from a package's type definitions, with the TypeScript compiler API: every export
// of every entry point, and one export's signature, JSDoc, members and declaration site.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import type { PackageEntries } from './package-entries.js';

export interface ExportSummary {
  name: string;
  kind: string;
  entry: string;
}

export interface ExportDetail extends ExportSummary {
  signature: string;
  doc: string;
  tags: string[];
  members: string[];
  file: string;
  line: number;
  source?: string;
}

export interface PackageApi {
  list(): ExportSummary[];
  get(name: string, includeSource?: boolean): ExportDetail[];
}

export function loadPackageApi(pkg: PackageEntries): PackageApi {
  const program = ts.createProgram([...pkg.entries.values()], {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowJs: false,
  });
  const checker = program.getTypeChecker();
  const exportsOf = (file: string): ts.Symbol[] => {
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    return symbol ? checker.getExportsOfModule(symbol) : [];
  };

  return {
    list() {
      const out: ExportSummary[] = [];
      for (const [entry, file] of pkg.entries) for (const symbol of exportsOf(file)) out.push({ name: symbol.getName(), kind: kindOf(resolveAlias(checker, symbol)), entry });
      return out;
    },
    get(name, includeSource) {
      const out: ExportDetail[] = [];
      for (const [entry, file] of pkg.entries) {
        const found = exportsOf(file).find((s) => s.getName() === name);
        if (!found) continue;
        const symbol = resolveAlias(checker, found);
        const declaration = symbol.declarations?.[0];
        const sourceFile = declaration?.getSourceFile();
        const line = declaration && sourceFile ? sourceFile.getLineAndCharacterOfPosition(declaration.getStart()).line + 1 : 0;
        const detail: ExportDetail = {
          name,
          kind: kindOf(symbol),
          entry,
          signature: signatureOf(checker, symbol, declaration),
          doc: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
          tags: symbol.getJsDocTags(checker).map((t) => `@${t.name}${t.text ? ` ${ts.displayPartsToString(t.text)}` : ''}`),
          members: membersOf(checker, symbol),
          file: sourceFile ? relative(pkg.dir, sourceFile.fileName) : '',
          line,
        };
        if (includeSource && sourceFile) detail.source = implementationOf(sourceFile.fileName, name);
        out.push(detail);
      }
      return out;
    },
  };
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

function kindOf(symbol: ts.Symbol): string {
  const f = symbol.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'variable';
  if (f & (ts.SymbolFlags.NamespaceModule | ts.SymbolFlags.ValueModule)) return 'namespace';
  return 'other';
}

function signatureOf(checker: ts.TypeChecker, symbol: ts.Symbol, declaration: ts.Declaration | undefined): string {
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;
  if (symbol.flags & ts.SymbolFlags.Function && declaration) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    return type
      .getCallSignatures()
      .map((s) => `${symbol.getName()}${checker.signatureToString(s, undefined, ts.TypeFormatFlags.NoTruncation)}`)
      .join('\n');
  }
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Enum) && declaration) {
    // The declaration's own head line(s), without the body: what an agent needs to write a call.
    const text = declaration.getText();
    const head = text.split('{')[0].trim();
    return symbol.flags & ts.SymbolFlags.TypeAlias ? text.slice(0, 2000) : head;
  }
  if (declaration) return `${symbol.getName()}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, declaration), undefined, flags)}`;
  return symbol.getName();
}

function membersOf(checker: ts.TypeChecker, symbol: ts.Symbol): string[] {
  if (!(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) return [];
  const out: string[] = [];
  symbol.members?.forEach((member, key) => {
    const name = String(key);
    if (name.startsWith('__') && name !== '__constructor') return;
    const declaration = member.declarations?.[0];
    if (!declaration) return;
    if (ts.getCombinedModifierFlags(declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return;
    const text = declaration.getText().replace(/\s+/g, ' ').replace(/\{.*$/, '').trim();
    const doc = ts.displayPartsToString(member.getDocumentationComment(checker)).split('\n')[0];
    out.push(doc ? `${text} — ${doc}` : text);
  });
  return out.slice(0, 80);
}

/** The implementation lines from the JavaScript beside the `.d.ts`, when the package ships it. */
function implementationOf(dtsFile: string, name: string): string | undefined {
  for (const js of [dtsFile.replace(/\.d\.ts$/, '.js'), dtsFile.replace(/\.d\.ts$/, '.mjs'), dtsFile.replace(/\.d\.mts$/, '.mjs'), dtsFile.replace(/\.d\.cts$/, '.cjs')]) {
    if (js === dtsFile || !existsSync(js)) continue;
    const lines = readFileSync(js, 'utf8').split('\n');
    const start = lines.findIndex((l) => new RegExp(`(function\\*?|class|const|let|var)\\s+${name}\\b`).test(l));
    if (start === -1) continue;
    return lines.slice(start, start + 50).join('\n');
  }
  return undefined;
}
