// One newline convention for every page: no BOM, \n only. Apart from the parser so that reading
// pages does not load markdown-it.
export function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
