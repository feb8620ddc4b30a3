/**
 * The licence policy's checkers: model and dataset cards (README.md front matter), model files' own
 * metadata, package-lock.json entries, the licence package.json and pyproject.toml declare for their own
 * package, and LICENSE / COPYING files recognised by their text. Each judges the licence it reads with the file's policy and
 * reports AIS900 (denied), AIS901 (not allowed) or AIS902 (unknown); without a policy they report nothing.
 */
import type { BinaryChecker, BaseContext, ReportInput, TextChecker } from '../../engine/rule';
import type { Range } from '../../engine/finding';
import { cardLicence, modelFileLicence, packageLockLicences, projectLicence } from '../shared/inventory/licence-sources';
import { identifyLicenceText } from '../shared/inventory/licence-text';
import { judgeLicence, licencePolicyOf, type LicencePolicy } from './policy';

const RULE_IDS = ['AIS900', 'AIS901', 'AIS902'] as const;

/** Files next to a model file that state its licence (the card is judged on its own). */
const LICENCE_NEIGHBOURS = ['README.md', 'LICENSE', 'LICENSE.txt', 'LICENSE.md', 'LICENCE', 'LICENCE.txt', 'LICENCE.md', 'COPYING'];

export const modelCardChecker: TextChecker = {
  kind: 'text',
  name: 'licence-model-card',
  ruleIds: RULE_IDS,
  fileKinds: ['markdown'],
  keywords: ['---'],
  check(ctx) {
    if (!/(^|[\\/])readme\.md$/i.test(ctx.path)) return;
    const policy = licencePolicyOf(ctx.config);
    if (!policy) return;
    const card = cardLicence(ctx.text);
    if (!card.isCard) return;
    const range = card.licence ? ctx.rangeOf(card.licence.span.start, card.licence.span.end) : ctx.rangeOf(0, 3);
    judge(ctx, policy, card.licence?.text, range, `The model card ${basename(ctx.path)} of \`${folderOf(ctx.path)}\``, card.licence ? '' : ' (its front matter has no `license:`)');
  },
};

export const modelFileLicenceChecker: BinaryChecker = {
  kind: 'binary',
  name: 'licence-model-file',
  ruleIds: RULE_IDS,
  fileKinds: ['model'],
  check(ctx) {
    const policy = licencePolicyOf(ctx.config);
    if (!policy) return;
    const declared = modelFileLicence(ctx.bytes, ctx.fileSize);
    const range: Range = { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
    if (declared) {
      judge(ctx, policy, declared.text, range, `The model file ${basename(ctx.path)} (${declared.source})`, '');
      return;
    }
    // The card or LICENSE file next to the model states its licence (the card is judged as a file of its own).
    const fileExists = ctx.ports.project?.fileExists;
    if (!fileExists || LICENCE_NEIGHBOURS.some((name) => fileExists(ctx.path, name))) return;
    judge(ctx, policy, undefined, range, `The model file ${basename(ctx.path)}`, ' (no licence in its metadata, and no README.md or LICENSE next to it)');
  },
};

export const packageLockLicenceChecker: TextChecker = {
  kind: 'manifest',
  name: 'licence-package-lock',
  ruleIds: RULE_IDS,
  fileKinds: ['package-lock'],
  keywords: ['"license"'],
  check(ctx) {
    const policy = licencePolicyOf(ctx.config);
    if (!policy) return;
    for (const locked of packageLockLicences(ctx.text)) {
      // A package that states no licence is left alone: lockfiles omit the field for many packages.
      judge(ctx, policy, locked.text, ctx.rangeOf(locked.span.start, locked.span.end), `The package \`${locked.name}${locked.version ? `@${locked.version}` : ''}\``, '', false);
    }
  },
};

export const manifestLicenceChecker: TextChecker = {
  kind: 'manifest',
  name: 'licence-manifest',
  ruleIds: RULE_IDS,
  fileKinds: ['package-json', 'pyproject'],
  keywords: ['licen', 'Licen'],
  check(ctx) {
    const policy = licencePolicyOf(ctx.config);
    if (!policy) return;
    const declared = projectLicence(ctx.fileKind === 'package-json' ? 'package-json' : 'pyproject', ctx.text);
    // No field (many projects state their licence only in a LICENSE file), or a pointer to that file: the file is judged on its own.
    if (!declared || declared.file) return;
    judge(ctx, policy, declared.text, ctx.rangeOf(declared.span.start, declared.span.end), `The package of \`${ctx.path}\``, '');
  },
};

/** LICENSE, LICENCE and COPYING files, with or without `.txt`, `.md` or `.rst`. */
const LICENCE_FILE = /(^|[\\/])(licen[cs]e|copying)(\.(txt|md|rst))?$/i;

export const licenceFileChecker: TextChecker = {
  kind: 'text',
  name: 'licence-file',
  ruleIds: RULE_IDS,
  fileKinds: ['text', 'markdown'],
  check(ctx) {
    if (!LICENCE_FILE.test(ctx.path)) return;
    const policy = licencePolicyOf(ctx.config);
    if (!policy) return;
    const id = identifyLicenceText(ctx.text);
    judge(ctx, policy, id, ctx.rangeOf(0, 0), `The licence file \`${ctx.path}\``, id ? '' : ' (its text is no licence AISec recognises)');
  },
};

function judge(ctx: BaseContext, policy: LicencePolicy, written: string | undefined, range: Range, what: string, detail: string, reportUnknown = true): void {
  const verdict = judgeLicence(written, policy);
  const licence = written ?? '';
  let report: ReportInput | undefined;
  if (verdict.status === 'denied') report = { ruleId: 'AIS900', range, data: { what, licence, pattern: verdict.pattern }, properties: { licence: verdict.expression } };
  else if (verdict.status === 'not-allowed') report = { ruleId: 'AIS901', range, data: { what, licence }, properties: { licence: verdict.expression } };
  else if (verdict.status === 'unknown' && reportUnknown && policy.unknown !== 'ignore') {
    const stated = written !== undefined ? ` (\`${written}\` names no licence)` : detail;
    report = { ruleId: 'AIS902', range, data: { what, detail: stated }, ...(policy.unknown === 'error' ? { severity: 'error' as const } : {}) };
  }
  if (report) ctx.report({ ...report, fingerprintSeed: `${report.ruleId}:${what}:${licence}` });
}

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? '.' : path.slice(0, cut);
}
