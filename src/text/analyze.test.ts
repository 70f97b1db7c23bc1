import { describe, expect, it } from 'vitest';
import { analyzeTerms, splitIdentifier } from './analyze.js';

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

describe('splitIdentifier', () => {
  it('splits acronyms and digits', () => {
    expect(splitIdentifier('HTTPServer2')).toEqual(['http', 'server', '2']);
  });
});
