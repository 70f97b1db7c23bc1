// Pages through a list of text blocks under a character budget: as many whole blocks as fit
// (a single oversized block is cut, saying so), then a cursor that resumes at the next block.
import { decodeCursor, encodeCursor } from './cursor.js';

export interface BlockPage {
  text: string;
  nextCursor?: string;
}

export function paginateBlocks(blocks: string[], budget: number, kind: string, cursor?: string, separator = '\n'): BlockPage {
  const start = cursor ? decodeCursor(kind, cursor, { b: 'position' }).b : 0;
  const out: string[] = [];
  let used = 0;
  let i = start;
  for (; i < blocks.length; i++) {
    const block = blocks[i].length > budget ? `${blocks[i].slice(0, budget - 80)}\n… (cut: this part alone is over the budget; raise maxTokens)` : blocks[i];
    if (used + block.length + separator.length > budget && out.length > 0) break;
    out.push(block);
    used += block.length + separator.length;
  }
  const nextCursor = i < blocks.length ? encodeCursor(kind, { b: i }) : undefined;
  const tail = nextCursor ? `\n[${blocks.length - i} more parts: call again with cursor="${nextCursor}"]` : '';
  return { text: out.join(separator) + tail, nextCursor };
}
