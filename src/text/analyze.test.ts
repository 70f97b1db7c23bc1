import { describe, expect, it } from 'vitest';
import { analyzeQueryTerms, analyzeTerms, splitIdentifier } from './analyze.js';

describe('analyzeTerms', () => {
  it('keeps identifiers whole and adds their parts', () => {
    expect(analyzeTerms('activateAfterIdle')).toEqual(['activateafteridle', 'activate', 'after', 'idle']);
    expect(analyzeTerms('snake_case')).toEqual(['snakecase', 'snake', 'case']);
    expect(analyzeTerms('a.b.c')).toEqual(['abc', 'a', 'b', 'c']);
    expect(analyzeTerms('--save-dev')).toEqual(['savedev', 'save', 'dev']);
    expect(analyzeTerms('registerApiRoute()')).toEqual(['registerapiroute', 'register', 'api', 'route']);
  });

  it('lowercases plain words and drops punctuation', () => {
    expect(analyzeTerms('Hello, World!')).toEqual(['hello', 'world']);
  });
});

describe('analyzeQueryTerms', () => {
  it('also asks for the compound pieces of a qualified name, as docs write them bare', () => {
    expect(analyzeQueryTerms('process.env.IS_LOCAL')).toEqual(['processenvislocal', 'islocal', 'process', 'env', 'is', 'local']);
    expect(analyzeQueryTerms('options.toolCallConcurrency')).toEqual(['optionstoolcallconcurrency', 'toolcallconcurrency', 'options', 'tool', 'call', 'concurrency']);
    // Plain pieces are parts already; a word with no separator is as analyzeTerms makes it.
    expect(analyzeQueryTerms('a.b.c')).toEqual(analyzeTerms('a.b.c'));
    expect(analyzeQueryTerms('activateAfterIdle')).toEqual(analyzeTerms('activateAfterIdle'));
    // Indexed text never gets the pieces.
    expect(analyzeTerms('process.env.IS_LOCAL')).not.toContain('islocal');
  });
});

describe('splitIdentifier', () => {
  it('splits acronyms and digits', () => {
    expect(splitIdentifier('HTTPServer2')).toEqual(['http', 'server', '2']);
  });
});
