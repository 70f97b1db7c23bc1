// YAML frontmatter: split it off a page and read it leniently (a broken block is reported, not fatal).
import { parse as parseYaml } from 'yaml';

const FRONTMATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

export interface Frontmatter {
  data: Record<string, unknown>;
  /** Number of lines the block occupies, so section line numbers stay those of the file. */
  lineCount: number;
  error?: string;
}

export function readFrontmatter(text: string): Frontmatter {
  const match = FRONTMATTER.exec(text);
  if (!match) return { data: {}, lineCount: 0 };
  const lineCount = match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0);
  try {
    const data = parseYaml(match[1]) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) return { data: data as Record<string, unknown>, lineCount };
    return { data: {}, lineCount };
  } catch (error) {
    return { data: {}, lineCount, error: (error as Error).message.split('\n')[0] };
  }
}

/** The page without its front matter block (what a reader sees rendered). */
export function stripFrontmatter(text: string): string {
  return text.replace(FRONTMATTER, '');
}
