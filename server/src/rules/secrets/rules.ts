/**
 * Rule metadata for the secrets family, generated from the provider table so that every provider has
 * its own code, name and complete documentation, plus the generic and browser-exposure rules.
 */
import type { RuleMeta } from '../../engine/rule';
import type { FileKind } from '../../engine/rule';
import { PROVIDERS, type ProviderRule } from './providers';
import { BROWSER_ID, GENERIC_ID } from './scanner';

/** Every kind of file the secrets checker reads. */
export const SECRET_FILE_KINDS: readonly FileKind[] = [
  'python', 'javascript', 'typescript', 'tsx', 'notebook', 'dotenv', 'json', 'yaml', 'toml', 'markdown', 'agent-instructions', 'shell', 'text',
  'requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json',
  // Assistant configuration (JSON, JSONC, TOML or YAML by its inventory entry): MCP `env`, `headers` and URLs hold tokens.
  'mcp-config', 'agent-settings',
  // Source in languages no other rule reads (PHP, Gradle scripts), where SDK secrets and keystore passwords are written.
  'other-code',
];

const ROTATE = 'A key that was committed, pasted into an AI assistant or shipped in a notebook output must be treated as leaked: rotate it at the provider, then remove it from the code.';

const FIX_SAFETY = 'The fixes are unsafe (offered one at a time, never applied in bulk): after them the program needs the environment variable at run time. '
  + 'The preferred fix drops the argument when the SDK reads its conventional variable itself (OpenAI, Anthropic), otherwise it reads `os.environ["NAME"]` in Python (adding `import os`) or `process.env.NAME` in JS/TS. '
  + 'A second fix also appends `NAME=value` to `.env` and `.env` to `.gitignore` when no pattern there covers it. Moving the literal does not un-leak it: rotate the key.';

function providerRule(p: ProviderRule): RuleMeta {
  const kind = `${p.provider} ${p.secretKind}`;
  return {
    id: p.id,
    name: p.name,
    title: `Hard-coded ${kind}`,
    category: 'secrets',
    fileKinds: SECRET_FILE_KINDS,
    severity: p.severity,
    confidence: p.tier === 1 ? 'high' : 'medium',
    cwe: ['CWE-798'],
    message: `${kind} {{redacted}} is hard-coded. ${'A committed key must be rotated'}; read it from the environment variable {{envVar}} instead.`,
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: `Finds ${kind}s written into code, notebooks (cells and outputs), \`.env\` files, configuration and Markdown. Format: ${p.format}. `
        + (p.tier === 1 ? 'The format is distinctive, so it is reported wherever it appears in a string, a comment or a text file, once its random part passes the placeholder, sequence and entropy checks.' : 'The format alone is too generic, so it is reported only next to the provider\'s name or an API-key binding, and in code only inside a string literal.')
        + ' In test code, a token that the same file also asserts on (the input of a redaction or parsing test) is information, reported only in the audit profile.'
        + (p.tier === 1 ? '' : ' So is a match in a test file (`tests/`, `test_*.py`, `*.test.ts`), which drops to information there.'),
      whyIsThisBad: `Anyone who reads the repository, a package built from it, a shared notebook or an AI assistant's context can use the ${p.secretKind} and act as you (and run up your bill). ${ROTATE}`,
      example: p.exampleCall,
      useInstead: p.useInstead ?? envReadExample(p),
      fixSafety: FIX_SAFETY,
      references: [...p.references],
    },
    ...(p.advisory ? { advisory: p.advisory } : {}),
  };
}

/** The example with its literal replaced by an environment read (`process.env.X` for JS, `os.environ["X"]` otherwise). */
function envReadExample(p: ProviderRule): string {
  const read = /\bnew \w+\(\{|const |let /.test(p.exampleCall) ? `process.env.${p.envVar}` : `os.environ["${p.envVar}"]`;
  const replaced = p.exampleCall.replace(/"[^"]*…[^"]*"/, read);
  return replaced === p.exampleCall ? `${p.envVar} = ${read}` : replaced;
}

const GENERIC_RULE: RuleMeta = {
  id: GENERIC_ID,
  name: 'hard-coded-secret',
  title: 'Hard-coded secret assigned to a credential name',
  category: 'secrets',
  fileKinds: SECRET_FILE_KINDS,
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-798'],
  message: 'A secret {{redacted}} is hard-coded in `{{name}}`. A committed secret must be rotated; read it from the environment variable {{envVar}} instead.',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Finds string literals bound or passed to names such as `api_key`, `token`, `secret`, `password`, `client_secret` or an `Authorization` header, in code, `.env`, YAML, TOML, JSON and text. '
      + 'Only literals count (never `os.environ[...]`, `os.getenv("X")`, `process.env.X` or a variable), including defaults such as `os.getenv("X", "...")` and `process.env.X ?? "..."`. '
      + 'It also reads passwords passed as arguments where no name is bound to them: command-line flags (`--password`, `curl -u user:pass`, `mysql -pX`, `docker login -p`, `sshpass -p`, `keytool -storepass`), .NET and Windows administration code (`new NetworkCredential("user", "…")`, `new DirectoryEntry(path, "user", "…")`, PowerShell\'s `ConvertTo-SecureString "…" -AsPlainText` and `-Password "…"` parameters, `psexec -p …`, `net use \\\\server\\share …`), and connection strings in `web.config` and `App.config`. '
      + 'Values must look random for their character set (entropy compared with a random string of the same length and alphabet) and must not be placeholders, templates, sequences, paths or variable names. '
      + 'In a test file (`tests/`, `test_*.py`, `*.test.ts`) a match is information, reported only in the audit profile, and so is a match in a log record in Markdown (a line that starts with a date and time: a command\'s sample output).',
    whyIsThisBad: `A credential in source is readable by everyone with access to the repository, its history, its packages and any AI tool that reads it. ${ROTATE}`,
    example: 'db_password = "Tr0ub4dor&3x9"\nheaders = {"Authorization": "Bearer 9f8e…"}',
    useInstead: 'db_password = os.environ["DB_PASSWORD"]',
    fixSafety: FIX_SAFETY,
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
  },
};

const BROWSER_RULE: RuleMeta = {
  id: BROWSER_ID,
  name: 'secret-exposed-to-browser',
  title: 'Provider key exposed to the browser',
  category: 'secrets',
  fileKinds: SECRET_FILE_KINDS,
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-200'],
  message: '{{what}} ships the key to every visitor\'s browser; call the provider from a server route instead, and rotate the key if it was deployed.',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Reports `dangerouslyAllowBrowser: true` in AI SDK clients, and secret-looking variables with a client-side prefix (`NEXT_PUBLIC_`, `VITE_`, `REACT_APP_`, `EXPO_PUBLIC_`, `NUXT_PUBLIC_`, `GATSBY_`) read in code or defined in `.env` files. Public-by-design keys (publishable, anon, Firebase, Maps) are not reported.',
    whyIsThisBad: 'Bundlers inline these variables into the JavaScript sent to users, and `dangerouslyAllowBrowser` lets the SDK run there: the key is then readable in any browser\'s developer tools and can be used by anyone.',
    example: 'const client = new OpenAI({ apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY, dangerouslyAllowBrowser: true });',
    useInstead: '// app/api/chat/route.ts (server only)\nconst client = new OpenAI(); // reads OPENAI_API_KEY on the server',
    references: ['https://cwe.mitre.org/data/definitions/200.html', 'https://nextjs.org/docs/app/guides/environment-variables#bundling-environment-variables-for-the-browser', 'https://vite.dev/guide/env-and-mode'],
  },
};

/** Every secrets rule, in code order. */
export const SECRET_RULES: readonly RuleMeta[] = [...PROVIDERS.map(providerRule), GENERIC_RULE, BROWSER_RULE];
