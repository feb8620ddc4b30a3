/**
 * Configuration risks of a parsed manifest or command, reported apart from package risks: plain-http
 * indexes, dependency-confusion setups, disabled TLS, lifecycle install scripts and unreadable lines.
 */
import type { Fix } from '../../../engine/finding';
import type { InstallScript, PackageSource, ParsedManifest, RiskySetting } from '../../../engine/manifests/types';
import type { DependencyScope } from './check-dependency';

const SOURCE_LABEL: Record<PackageSource['kind'], string> = {
  'index-url': 'The package index',
  'extra-index-url': 'The extra package index',
  'find-links': 'The --find-links location',
  'poetry-source': 'The Poetry source',
  'uv-index': 'The uv index',
  'pipfile-source': 'The Pipfile source',
  'conda-channel': 'The conda channel',
  'npm-registry': 'The npm registry',
  'dependency-links': 'The dependency link',
};

export function checkConfiguration(scope: DependencyScope, manifest: ParsedManifest): void {
  for (const source of manifest.sources) checkSource(scope, source);
  for (const setting of manifest.settings) checkSetting(scope, setting);
  for (const script of manifest.scripts) checkScript(scope, script);
  checkUnpinnedSources(scope, manifest);
  if (scope.origin === 'command') return;
  const prose = proseLines(scope, manifest);
  if (prose.length > 1) {
    // A requirements file written as sentences is one mistake, not one per sentence.
    const first = prose[0]!;
    scope.ctx.report({ ruleId: 'AIS513', range: scope.range(first.span), data: { detail: `${prose.length} lines of this requirements file, from this one on, are sentences, not requirement lines; pip rejects the file, so none of its dependencies is installed or checked. Keep only requirement lines, and comments starting with \`#\`.` }, fingerprintSeed: 'prose' });
  }
  for (const d of manifest.diagnostics) {
    if (prose.length > 1 && prose.includes(d)) continue;
    scope.ctx.report({ ruleId: 'AIS513', range: scope.range(d.span), data: { detail: d.message }, fingerprintSeed: d.message });
  }
}

/** A line of running text: at least four words of letters and no version operator, URL or option. */
const SENTENCE = /^(?!.*(?:[<>=!~]=|:\/\/|(?:^|\s)--?[a-z]))\s*[A-Za-z][A-Za-z'’,]*(?:\s+[A-Za-z0-9'’,.:;()-]+){3,}\s*$/;

/** The diagnostics of a requirements file that sit on lines of prose (see `SENTENCE`). */
function proseLines(scope: DependencyScope, manifest: ParsedManifest): ParsedManifest['diagnostics'] {
  if (scope.origin !== 'manifest' || scope.ctx.fileKind !== 'requirements') return [];
  const text = scope.ctx.text;
  return manifest.diagnostics.filter((d) => {
    const start = text.lastIndexOf('\n', d.span.start - 1) + 1;
    const end = text.indexOf('\n', d.span.start);
    return SENTENCE.test(text.slice(start, end < 0 ? text.length : end));
  });
}

function checkSource(scope: DependencyScope, source: PackageSource): void {
  const { ctx } = scope;
  const range = scope.range(source.span);
  const removable = scope.origin !== 'command';
  if (/^http:\/\//i.test(source.url)) {
    ctx.report({
      ruleId: 'AIS508',
      range,
      data: { what: SOURCE_LABEL[source.kind] },
      fixes: [{ title: 'Use https://', applicability: 'unsafe', edits: [{ range: scope.range({ start: source.span.start, end: source.span.start + 4 }), newText: 'https' }] }],
      fingerprintSeed: source.url,
    });
  }
  if (source.kind === 'extra-index-url') {
    ctx.report({
      ruleId: 'AIS509',
      range,
      data: { detail: `--extra-index-url ${mask(source.url)} makes pip pick the highest version from any index, so a public upload of one of your package names wins (the torchtriton attack); use --index-url with a proxy that serves both, or per-package sources.` },
      fixes: removable ? [removeEntry(scope, source.entrySpan, 'Remove the --extra-index-url line')] : [],
      fingerprintSeed: source.url,
    });
  } else if (source.kind === 'poetry-source' && (source.priority === 'supplemental' || source.priority === 'secondary')) {
    ctx.report({
      ruleId: 'AIS509',
      range,
      data: { detail: `Poetry source ${source.name ?? ''} has priority "${source.priority}": packages without \`source = "${source.name ?? 'name'}"\` are looked up on PyPI first, so a public upload of an internal name wins; use priority "explicit" and name the source per package.` },
      fingerprintSeed: source.url,
    });
  } else if (source.kind === 'dependency-links') {
    ctx.report({ ruleId: 'AIS507', range, data: { detail: 'dependency_links downloads packages from an arbitrary URL outside the index, without a hash; publish the package to an index and pin it.' }, fingerprintSeed: source.url });
  }
}

/**
 * Pipfile with several sources: pipenv looks every package without `index = "..."` up on all of them, so
 * an internal name published on PyPI can replace the internal package. Reported once, on the extra source.
 */
function checkUnpinnedSources(scope: DependencyScope, manifest: ParsedManifest): void {
  const sources = manifest.sources.filter((s) => s.kind === 'pipfile-source');
  if (sources.length < 2) return;
  const loose = manifest.dependencies.filter((d) => d.ecosystem === 'pypi' && d.source === 'registry' && d.role !== 'lock' && !d.index);
  if (loose.length === 0) return;
  const extra = sources.find((s) => !/^https?:\/\/pypi\.org\//.test(s.url)) ?? sources[1]!;
  scope.ctx.report({
    ruleId: 'AIS509',
    range: scope.range(extra.span),
    data: { detail: `This Pipfile has ${sources.length} sources, and ${loose.length} package${loose.length === 1 ? '' : 's'} (${loose.slice(0, 3).map((d) => d.name).join(', ')}${loose.length > 3 ? ', ...' : ''}) name no \`index\`, so they can come from either; pin internal packages with index = "${extra.name ?? 'name'}".` },
    fingerprintSeed: `pipfile-sources:${extra.url}`,
  });
}

function checkSetting(scope: DependencyScope, setting: RiskySetting): void {
  const { ctx } = scope;
  const range = scope.range(setting.span);
  const removable = scope.origin !== 'command';
  if (setting.kind === 'trusted-host') {
    ctx.report({
      ruleId: 'AIS510',
      range,
      data: { detail: `--trusted-host ${setting.value} turns off certificate checks (and allows plain HTTP) for that host; trust its CA with --cert instead.` },
      fixes: removable ? [removeEntry(scope, setting.entrySpan, 'Remove the --trusted-host option')] : [],
      fingerprintSeed: setting.value,
    });
  } else if (setting.kind === 'verify-ssl-disabled') {
    ctx.report({
      ruleId: 'AIS510',
      range,
      data: { detail: 'verify_ssl = false accepts any certificate from this source, so a network attacker can serve any package; install the CA and set verify_ssl = true.' },
      fixes: [{ title: 'Set verify_ssl = true', applicability: 'unsafe', edits: [{ range: scope.range(setting.span), newText: 'true' }] }],
      fingerprintSeed: setting.value,
    });
  } else if (setting.kind === 'index-strategy' && /^unsafe-/.test(setting.value)) {
    ctx.report({
      ruleId: 'AIS509',
      range,
      data: { detail: `index-strategy = "${setting.value}" lets uv take a package from any index, so a public upload of an internal name can win; keep the default "first-match" and pin packages to indexes with [tool.uv.sources].` },
      fixes: [removeEntry(scope, setting.entrySpan, 'Remove the unsafe index-strategy')],
      fingerprintSeed: setting.value,
    });
  }
}

const EXFILTRATION = /\b(curl|wget|nslookup|dig|nc|ncat|telnet|Invoke-WebRequest|iwr|certutil|bitsadmin)\b|\$\((whoami|hostname|id)\)|`(whoami|hostname)`|\b(interact\.sh|oast\.|oastify|burpcollaborator|canarytokens|dnslog|pipedream|requestbin|webhook\.site|ngrok)|\|\s*(ba|z)?sh\b|base64\s+(-d|--decode)|\beval\b/i;

function checkScript(scope: DependencyScope, script: InstallScript): void {
  const suspicious = EXFILTRATION.test(script.command);
  const severity = suspicious ? 'error' : script.name === 'preinstall' ? 'warning' : 'info';
  const why = suspicious
    ? 'and it reaches the network, runs downloaded code or collects host details, as dependency-confusion and malware payloads do'
    : script.name === 'preinstall'
      ? 'before anything is installed; preinstall is rarely needed and is the favourite hook of malware'
      : 'with your rights whenever anyone installs this package';
  scope.ctx.report({
    ruleId: 'AIS511',
    range: scope.range(script.span),
    severity,
    confidence: suspicious ? 'high' : 'medium',
    data: { detail: `The "${script.name}" script runs \`${shorten(script.command)}\` on npm install ${why}.` },
    fingerprintSeed: `${script.name}:${script.command}`,
  });
}

function removeEntry(scope: DependencyScope, span: { start: number; end: number }, title: string): Fix {
  return { title, applicability: 'unsafe', edits: [{ range: scope.range(span), newText: '' }] };
}

/** Index URLs often carry tokens (`https://user:${TOKEN}@host`); never repeat credentials in messages. */
function mask(url: string): string {
  return url.replace(/\/\/[^/@\s]+@/, '//***@');
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
