/**
 * setup.cfg (INI): `[options] install_requires`, `setup_requires`, `tests_require`,
 * `[options.extras_require]` and `dependency_links`, each a multi-line value of requirement lines.
 */
import { parseRequirement } from './pep508';
import { emptyManifest } from './types';
import type { DependencyRole, ParsedManifest } from './types';

const REQUIREMENT_KEYS: Record<string, DependencyRole> = { install_requires: 'install', setup_requires: 'build', tests_require: 'install' };

export function parseSetupCfg(text: string): ParsedManifest {
  const out = emptyManifest();
  let section = '';
  let key: string | undefined;
  let pos = 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const lineStart = pos;
    pos = eol + 1;
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      key = undefined;
      continue;
    }
    if (/^\s/.test(line) && key !== undefined) {
      valueLine(line, lineStart, section, key, out);
      continue;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv) {
      if (section !== '') out.diagnostics.push({ message: 'Expected `key = value` or a `[section]` header.', span: { start: lineStart, end: lineStart + line.length } });
      key = undefined;
      continue;
    }
    key = kv[1]!;
    if (section === 'metadata' && key === 'name') out.projectName = kv[2]!.trim();
    const valueStart = lineStart + line.length - kv[2]!.length;
    if (kv[2]!.trim() !== '') valueLine(kv[2]!, valueStart, section, key, out);
  }
  return out;
}

function valueLine(line: string, start: number, section: string, key: string, out: ParsedManifest): void {
  const content = line.replace(/\s[#;].*$/, '');
  if (content.trim() === '') return;
  const entry = { start, end: start + line.length };
  if (section === 'options' && key === 'dependency_links') {
    const url = content.trim();
    const at = start + content.indexOf(url);
    out.sources.push({ kind: 'dependency-links', url, span: { start: at, end: at + url.length }, entrySpan: entry });
    return;
  }
  let role: DependencyRole | undefined;
  let group = `${section}.${key}`;
  if (section === 'options') role = REQUIREMENT_KEYS[key];
  else if (section === 'options.extras_require') {
    role = 'install';
    group = `extras.${key}`;
  }
  if (!role) return;
  // `file:` references point at requirements files that the host may analyse separately.
  if (/^\s*file:/.test(content)) {
    const path = content.trim().slice(5).trim();
    const at = start + content.indexOf(path);
    out.includes.push({ kind: 'requirements', path, span: { start: at, end: at + path.length } });
    return;
  }
  const parsed = parseRequirement(content, start, group, role, entry);
  if (parsed.dependency) out.dependencies.push(parsed.dependency);
  else if (parsed.error) out.diagnostics.push(parsed.error);
}
