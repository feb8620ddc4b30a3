/**
 * Python path-configuration files (`*.pth`). `site` reads each one found in a site-packages folder at every
 * interpreter start: a line starting with `import` followed by a space or tab is executed, other lines are
 * folders added to `sys.path`. The same extension is used by PyTorch checkpoints (ZIP or pickle bytes), so a
 * `.pth` counts as a path file only when its bytes are text.
 */
import { utf8 } from '../formats/bytes';

export interface PthLine {
  text: string;
  start: number;
  end: number;
  /** True for lines `site` executes. */
  executable: boolean;
}

/** How many leading bytes decide text or binary (as the hosts do for source files). */
const SNIFF_BYTES = 8192;

/** The file's text when the bytes are a path-configuration file (no NUL, valid UTF-8, not a ZIP or pickle). */
export function pthText(bytes: Uint8Array): string | undefined {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return undefined;
  // ZIP (`PK`) and pickle protocol 2+ (`\x80`) checkpoints never start like text.
  if (bytes[0] === 0x80 || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return undefined;
  const text = utf8(bytes, 0, bytes.length);
  return text.includes('\uFFFD') ? undefined : text;
}

/** The lines of a path-configuration file that `site` reads (comments and blank lines left out). */
export function readPthLines(text: string): PthLine[] {
  const lines: PthLine[] = [];
  let pos = 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const start = pos;
    pos = eol + 1;
    if (line.trim() === '' || line.startsWith('#')) continue;
    lines.push({ text: line, start, end: start + line.length, executable: /^import[ \t]/.test(line) });
  }
  return lines;
}
