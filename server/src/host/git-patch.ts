/**
 * Reads the zero-context patches git prints (`git diff -U0`, `git log -p -U0 --cc`) into what a scan needs: for
 * each changed file, its new path, blob and mode, and the lines of its new version that the change added. In a
 * plain patch only the headers are read: with `-U0` every line of a hunk's new side is an added line, so the
 * `@@ -a,b +c,d @@` header alone says which lines were added, and the hunk bodies (which may hold anything) are
 * skipped. A merge commit's combined diff (`@@@ -a,b -c,d +e,f @@@`) also lists lines taken from one parent, so
 * there only each body line's first column per parent is read: a line is the merge's own (written while
 * resolving a conflict, or an "evil merge") when every column is `+`, and the rest of the line is never looked at.
 */

/** A 1-based, inclusive range of lines of a file's new version. */
export interface LineSpan {
  first: number;
  last: number;
}

/** One file of a patch. */
export interface PatchFile {
  /** The path in the new version, `/`-separated, relative to the repository root. */
  path: string;
  /** The new version's blob id (`--full-index`), or undefined when git printed none (a mode-only change). */
  blob?: string;
  /** The new version's file mode (`100644`, `100755`, `120000` for a link, `160000` for a submodule). */
  mode?: string;
  /** The lines the change added, in order. */
  added: LineSpan[];
}

/** Every line of a file: what a changed binary file adds. */
export const WHOLE_FILE: LineSpan = { first: 1, last: Number.MAX_SAFE_INTEGER };

/**
 * The files of a patch that gained lines (deleted files and pure deletions have none and are left out; an added or
 * changed binary file gains all of its lines, `WHOLE_FILE`). A hunk body line always starts with `+`, `-`, ` ` or `\`, so a line starting `diff --git ` or
 * `@@ ` is always a header, whatever the files hold.
 */
export function filesWithAddedLines(patch: string): PatchFile[] {
  const files: PatchFile[] = [];
  let current: PatchFile | undefined;
  let inHunks = false;
  // In a combined hunk: how many parents (prefix columns), and the result's line number of the next body line.
  let combined: { parents: number; line: number } | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      if (current && current.added.length > 0) files.push(current);
      current = { path: '', added: [] };
      inHunks = false;
      combined = undefined;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('@@ ')) {
      inHunks = true;
      combined = undefined;
      const span = addedSpanOf(line);
      if (span) current.added.push(span);
      continue;
    }
    if (line.startsWith('@@@')) {
      inHunks = true;
      combined = combinedHunkOf(line);
      continue;
    }
    if (inHunks) {
      if (combined) readCombinedLine(line, combined, current.added);
      continue;
    }
    if (line.startsWith('+++ ')) {
      const path = headerPath(line.slice(4));
      current.path = path?.startsWith('b/') ? path.slice(2) : '';
    } else if (line.startsWith('index ')) {
      // A combined diff lists each parent's blob: `index p1,p2..result`.
      const match = /^index [0-9a-f]+(?:,[0-9a-f]+)*\.\.([0-9a-f]+)(?: (\d{6}))?$/.exec(line);
      if (match) {
        current.blob = match[1]!;
        if (match[2]) current.mode = match[2];
      }
    } else if (line.startsWith('new file mode ') || line.startsWith('new mode ')) {
      current.mode = line.slice(line.lastIndexOf(' ') + 1);
    } else if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      // A binary file (a key store, a model) has no lines: added or changed, it is new as a whole. Its new name
      // is the last of the two (`/dev/null` when it was deleted); `b/` names are quoted as in `+++` lines.
      const newName = / and ("b\/(?:[^"\\]|\\.)*"|b\/.*) differ$/.exec(line)?.[1];
      const path = newName === undefined ? undefined : headerPath(newName);
      if (path?.startsWith('b/')) {
        current.path = path.slice(2);
        current.added.push(WHOLE_FILE);
      }
    }
  }
  if (current && current.added.length > 0) files.push(current);
  // A file whose new path could not be read (`/dev/null`, an unreadable quoted name) has nothing to scan.
  return files.filter((file) => file.path !== '');
}

/** Whether any line of `first..last` (1-based, inclusive) is in `spans` (sorted, as a patch lists them). */
export function touchesSpans(spans: readonly LineSpan[], first: number, last: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const span = spans[middle]!;
    if (span.last < first) low = middle + 1;
    else if (span.first > last) high = middle - 1;
    else return true;
  }
  return false;
}

/** `@@ -a[,b] +c[,d] @@ ...` → lines c..c+d-1; a hunk with `d` = 0 only deletes. */
function addedSpanOf(header: string): LineSpan | undefined {
  const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(header);
  if (!match) return undefined;
  const first = Number(match[1]);
  const count = match[2] === undefined ? 1 : Number(match[2]);
  return count === 0 ? undefined : { first, last: first + count - 1 };
}

/** `@@@ -a,b -c,d +e,f @@@` (one `@` more than there are parents): the parents and the result's first line. */
function combinedHunkOf(header: string): { parents: number; line: number } | undefined {
  const match = /^(@{3,}) (?:-\d+(?:,\d+)? )+\+(\d+)(?:,\d+)? @{3,}/.exec(header);
  if (!match) return undefined;
  return { parents: match[1]!.length - 1, line: Number(match[2]) };
}

/**
 * One body line of a combined hunk: a line removed from some parent (a `-` column) is not in the result; a
 * result line whose every column is `+` came from no parent and is added, joined to the previous span when adjacent.
 */
function readCombinedLine(line: string, hunk: { parents: number; line: number }, added: LineSpan[]): void {
  if (line.startsWith('\\')) return;
  const columns = line.slice(0, hunk.parents);
  if (columns.includes('-')) return;
  if (columns.length === hunk.parents && /^\++$/.test(columns)) {
    const last = added[added.length - 1];
    if (last && last.last === hunk.line - 1) last.last = hunk.line;
    else added.push({ first: hunk.line, last: hunk.line });
  }
  hunk.line += 1;
}

/**
 * The path of a `---`/`+++` header: as written, or C-quoted (`"b/a\tb"`, octal escapes for bytes) when it holds
 * a quote, a backslash or a control character. Git ends an unquoted name that holds a space with a tab.
 */
function headerPath(text: string): string | undefined {
  if (!text.startsWith('"')) return text.replace(/\t$/, '');
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return new TextDecoder().decode(new Uint8Array(bytes));
    if (char !== '\\') {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = text[++i];
    if (next === undefined) return undefined;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(i, i + 3), 8));
      i += 2;
      continue;
    }
    const escaped = C_ESCAPES[next];
    if (escaped === undefined) return undefined;
    bytes.push(escaped);
  }
  return undefined;
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
