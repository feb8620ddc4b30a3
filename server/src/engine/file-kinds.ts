/**
 * Maps a file path to the kind of file it is. Decided from the name alone so that hosts can
 * filter a walk before reading anything.
 */
import type { FileKind, LanguageId } from './rule';
import { isAgentInstructionFile } from './agent-instructions/instruction-files';
import { clientFileOf } from './agent-config/client-files';
import { isDockerfileName } from './pipeline/files';

const MODEL_EXTENSIONS = new Set([
  '.pt', '.pth', '.bin', '.ckpt', '.pkl', '.pickle', '.joblib', '.npy', '.npz', '.keras', '.h5', '.hdf5', '.safetensors', '.dill', '.sav', '.mar', '.pb', '.gguf', '.onnx',
  // Generic archives that ship models: opened to a bounded depth and size, members scanned by content.
  '.zip', '.tar', '.tgz', '.7z', '.nemo', '.pt2',
]);

/** Java and PKCS#12 key stores, which hold private keys behind a password that is often the default or beside them. */
const KEYSTORE_EXTENSIONS = new Set(['.jks', '.keystore', '.jceks', '.p12', '.pfx']);

/** True for the kinds read as bytes (`Engine.analyzeBytes`) rather than as text. */
export function isBinaryFileKind(kind: FileKind | undefined): boolean {
  return kind === 'model' || kind === 'keystore';
}

/** The kind of the file at `path`, or undefined when AISec has nothing to say about such files. */
export function fileKindOf(path: string): FileKind | undefined {
  const base = basename(path).toLowerCase();
  const ext = extension(base);
  // Assistant configuration is recognised by its folder as well as its name (`.vscode/mcp.json`).
  const clientFile = clientFileOf(path);
  if (clientFile) return clientFile.kind;
  if (isAgentInstructionFile(path)) return 'agent-instructions';
  if (base === 'package.json') return 'package-json';
  if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') return 'package-lock';
  if (base === 'yarn.lock') return 'yarn-lock';
  if (base === 'pnpm-lock.yaml') return 'pnpm-lock';
  if (base === 'pyproject.toml') return 'pyproject';
  if (base === 'pipfile') return 'pipfile';
  // Python lockfiles are read by the dependency checker by name within their generic kind.
  if (base === 'poetry.lock' || base === 'uv.lock' || base === 'pdm.lock') return 'toml';
  if (base === 'pipfile.lock') return 'json';
  if (base === 'setup.cfg') return 'setup-cfg';
  if (isRequirementsName(base) || (/(^|[\\/])requirements[\\/][^\\/]+\.(txt|in)$/i.test(path))) return 'requirements';
  if (/^(environment|conda[-_.]?env(ironment)?)([-_.][\w-]+)?\.ya?ml$/.test(base)) return 'conda-env';
  if (base === '.env' || base.startsWith('.env.') || ext === '.env') return 'dotenv';
  // Package-index settings are INI-like text read by the pipeline rules by name (and by the secrets rules for tokens).
  if (base === '.npmrc' || ext === '.npmrc' || base === 'pip.conf' || base.endsWith('.pip.conf')) return 'text';
  // Package-manager and deployment credentials files (Maven `settings.xml`, `NuGet.Config`, `.pypirc`, Azure publish
  // profiles) are XML or INI; the secrets rules read them as text for their password elements and attributes.
  if (base === 'settings.xml' || base === 'settings-security.xml' || base === 'nuget.config' || base === '.pypirc' || ext === '.publishsettings') return 'text';
  // .NET application configuration (`web.config`, `App.config`, their `Web.Release.config` transforms, an external
  // `connectionStrings.config`) holds `<connectionStrings>` with `Password=…;` and `<appSettings>` values.
  if (/^(?:(?:web|app)(?:\.[\w-]{1,40})?|connectionstrings)\.config$/.test(base)) return 'text';
  // Docker's older registry credentials file, read by the secrets rules.
  if (base === '.dockercfg') return 'json';
  // kubectl's credentials file has no extension (`~/.kube/config`, `kubeconfig`, `admin.kubeconfig`); it is YAML (or JSON, which YAML includes).
  if (base === 'kubeconfig' || ext === '.kubeconfig' || /(^|[\\/])\.kube[\\/]config$/.test(path)) return 'yaml';
  // Gradle build scripts hold keystore passwords in `signingConfigs`, and PHP plugins hold SDK secrets in arrays:
  // read by the secrets rules only, since no other rule knows these languages.
  if (base === 'build.gradle' || base === 'build.gradle.kts' || ext === '.gradle' || ext === '.php') return 'other-code';
  // C#, PowerShell and Windows batch files hold connection strings, `$password = "…"` and `set PASSWORD=…` lines
  // (deployment and admin scripts): read by the secrets rules only, like PHP.
  if (ext === '.cs' || ext === '.ps1' || ext === '.psm1' || ext === '.bat' || ext === '.cmd') return 'other-code';
  // Key stores are binary: read as bytes (like model files) by the secrets rules, which report a committed private key.
  if (KEYSTORE_EXTENSIONS.has(ext)) return 'keystore';
  // Credential stores written as plain text: git's credential store (one `https://user:token@host` URL a line), netrc
  // files (`machine api.heroku.com … password …`), Terraform variable files and state (which keeps resource passwords
  // in the clear). Read as text by every text rule.
  if (base === '.git-credentials' || base === '.netrc' || base === '_netrc' || ext === '.tfvars' || ext === '.tfstate') return 'text';
  // PostgreSQL's password file (`~/.pgpass`, `pgpass.conf` on Windows): `host:port:database:user:password` lines.
  if (base === '.pgpass' || base === 'pgpass.conf') return 'text';
  // Oracle Cloud's CLI configuration (`~/.oci/config`) is INI text with the signing key's passphrase.
  if (/(^|[\\/])\.oci[\\/]config$/.test(path)) return 'text';
  // Licence files are judged by the licence policy (and read like any text by the other rules).
  if (/^(licen[cs]e|copying)(\.rst)?$/.test(base)) return 'text';
  switch (ext) {
    case '.py': case '.pyi': case '.pyw': return 'python';
    case '.js': case '.mjs': case '.cjs': case '.jsx': return 'javascript';
    case '.ts': case '.mts': case '.cts': return 'typescript';
    case '.tsx': return 'tsx';
    case '.ipynb': return 'notebook';
    case '.json': case '.jsonc': return 'json';
    case '.yml': case '.yaml': return 'yaml';
    case '.toml': return 'toml';
    case '.md': case '.markdown': case '.mdx': return 'markdown';
    case '.sh': case '.bash': case '.zsh': return 'shell';
    case '.cfg': case '.ini': case '.properties': case '.txt': return 'text';
    // Key files (PEM, PGP armour, PuTTY): read for private keys; a binary file of the same name is skipped by its NUL bytes.
    case '.pem': case '.key': case '.asc': case '.ppk': return 'text';
  }
  if (MODEL_EXTENSIONS.has(ext) || base.endsWith('.tar.gz')) return 'model';
  if (isDockerfileName(base) || base === 'makefile') return 'shell';
  return undefined;
}

/** Lockfiles are machine-written and often large; they get a larger size limit than hand-written files. */
export function isLockfile(path: string, kind: FileKind | undefined): boolean {
  if (kind === 'package-lock' || kind === 'yarn-lock' || kind === 'pnpm-lock') return true;
  return /(^|[\\/])(poetry\.lock|uv\.lock|pdm\.lock|pipfile\.lock)$/i.test(path);
}

/**
 * Lockfiles of large projects run to tens of megabytes, and notebooks take most of their size from outputs
 * (images, logs); both are parsed linearly, so the whole file gets this larger limit.
 */
export const LARGE_TEXT_FILE_LIMIT = 64 * 1024 * 1024;

/**
 * The size limit of a whole text file: the configured one, raised for lockfiles and for notebooks, whose
 * code cells are held to the configured limit on their own (see the analyzer).
 */
export function fileSizeLimit(path: string, kind: FileKind | undefined, maxFileBytes: number): number {
  return kind === 'notebook' || isLockfile(path, kind) ? Math.max(maxFileBytes, LARGE_TEXT_FILE_LIMIT) : maxFileBytes;
}

/** True for the code languages that are parsed with tree-sitter. */
export function isCodeLanguage(kind: FileKind | undefined): kind is LanguageId {
  return kind === 'python' || kind === 'javascript' || kind === 'typescript' || kind === 'tsx';
}

/** Maps an editor language id (VS Code's) to a file kind, for untitled documents and snippets. */
export function fileKindOfLanguageId(languageId: string): FileKind | undefined {
  switch (languageId) {
    case 'python': return 'python';
    case 'javascript': case 'javascriptreact': return languageId === 'javascriptreact' ? 'tsx' : 'javascript';
    case 'typescript': return 'typescript';
    case 'typescriptreact': return 'tsx';
    case 'jupyter': case 'ipynb': return 'notebook';
    case 'dotenv': case 'properties': return 'dotenv';
    case 'json': case 'jsonc': return 'json';
    case 'yaml': return 'yaml';
    case 'toml': return 'toml';
    case 'markdown': return 'markdown';
    case 'shellscript': return 'shell';
    case 'pip-requirements': return 'requirements';
    default: return undefined;
  }
}

function isRequirementsName(base: string): boolean {
  if (!base.endsWith('.txt') && !base.endsWith('.in')) return false;
  return /(^|[-_.])(requirements|constraints|reqs)([-_.]|\.(txt|in)$)/.test(base) || /^requirements/.test(base);
}

function basename(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

function extension(base: string): string {
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i) : '';
}
