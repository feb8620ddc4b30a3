/**
 * The inventory of files that AI coding assistants read their configuration from: for a path, which
 * clients read the file, at which scope, in which syntax, and where in it each client keeps its MCP
 * servers. Decided from the path alone (like `fileKindOf`), so hosts can pick these files during a walk
 * and every finding can say who honours the key it reports (catalogue §1, §2.1, §4.1).
 *
 * Scope matters because the same key can be live in one file and inert in another: VS Code ignores
 * `chat.tools.global.autoApprove` in workspace settings, Gemini CLI ignores `.gemini/settings.json` of an
 * untrusted folder, and a Claude Code `settings.local.json` is normally not committed.
 */
import type { FileKind } from '../rule';

export type AssistantClient =
  | 'vscode'
  | 'cursor'
  | 'claude-code'
  | 'claude-desktop'
  | 'gemini-cli'
  | 'codex'
  | 'windsurf'
  | 'cline'
  | 'continue'
  | 'zed'
  | 'kiro'
  | 'opencode'
  | 'copilot-cli'
  | 'amazon-q'
  | 'antigravity';

/**
 * `workspace`: a file committed with the repository, read by everyone who opens it.
 * `workspace-local`: a per-developer file inside the repository that is normally git-ignored.
 * `user`: a file in the user's home or application-data folder, read for every project.
 * `machine`: a system-wide file (`/etc/...`), read for every user.
 */
export type ConfigScope = 'workspace' | 'workspace-local' | 'user' | 'machine';

/** The syntax a client parses the file with; `jsonc` allows comments and trailing commas. */
export type ConfigSyntax = 'json' | 'jsonc' | 'toml' | 'yaml';

/** What a file is for: a file of MCP servers only, or a settings file that may also hold MCP servers. */
export type ClientFileRole = 'mcp-servers' | 'settings';

/** How the MCP servers of a file are laid out for one client. */
export type ServerLayout =
  /** An object of named servers at `path` (`servers`, `mcpServers`, `mcp.servers`, `context_servers`, `mcp_servers`). */
  | { shape: 'named-object'; path: readonly string[] }
  /** A list of server objects with a `name` key at `path` (Continue YAML). */
  | { shape: 'list'; path: readonly string[] }
  /** The file holds no MCP servers (Cursor's permission files). */
  | { shape: 'none' };

/** One client that reads the file. */
export interface ClientFileReader {
  client: AssistantClient;
  scope: ConfigScope;
  /** Where this client finds MCP servers in the file. */
  servers: ServerLayout;
  /**
   * Where the client reads its settings keys, for settings files (empty: the root object; `settings`
   * inside a `*.code-workspace` file).
   */
  settingsPath?: readonly string[];
}

export interface ClientFile {
  /** `mcp-config` or `agent-settings`: the file kind `fileKindOf` gives the path. */
  kind: FileKind;
  role: ClientFileRole;
  syntax: ConfigSyntax;
  /** A short human name of the file for messages (".vscode/mcp.json"). */
  displayName: string;
  readers: readonly ClientFileReader[];
}

/** A human name of each client, for messages. */
export const CLIENT_NAMES: Readonly<Record<AssistantClient, string>> = {
  vscode: 'VS Code (Copilot)',
  cursor: 'Cursor',
  'claude-code': 'Claude Code',
  'claude-desktop': 'Claude Desktop',
  'gemini-cli': 'Gemini CLI',
  codex: 'Codex CLI',
  windsurf: 'Windsurf',
  cline: 'Cline',
  continue: 'Continue',
  zed: 'Zed',
  kiro: 'Kiro',
  opencode: 'opencode',
  'copilot-cli': 'Copilot CLI',
  'amazon-q': 'Amazon Q Developer',
  antigravity: 'Antigravity',
};

const SCOPE_NAMES: Readonly<Record<ConfigScope, string>> = {
  workspace: 'workspace',
  'workspace-local': 'local workspace',
  user: 'user',
  machine: 'machine-wide',
};

/** "VS Code (Copilot) workspace" / "Claude Code local workspace and Cursor user": who honours the file. */
export function describeReaders(readers: readonly ClientFileReader[]): string {
  const parts = readers.map((r) => `${CLIENT_NAMES[r.client]} ${SCOPE_NAMES[r.scope]}`);
  if (parts.length <= 1) return parts[0] ?? 'no known client';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The inventory entry of a path, or undefined when no assistant reads such a file. */
export function clientFileOf(path: string): ClientFile | undefined {
  const normal = path.replace(/\\/g, '/');
  const lower = normal.toLowerCase();
  const home = isUnderHome(normal);
  for (const entry of ENTRIES) {
    if (entry.match(lower)) return entry.build(home);
  }
  return undefined;
}

/** The syntax of an assistant configuration file, or undefined when the path is not one. */
export function configSyntaxOf(path: string): ConfigSyntax | undefined {
  return clientFileOf(path)?.syntax;
}

interface InventoryEntry {
  /** Whether the entry is this path (lower-cased, with `/` separators). */
  match(lower: string): boolean;
  /** `home`: the dot-folder sits directly in a home directory, so it is the user's own file. */
  build(home: boolean): ClientFile;
}

const named = (path: readonly string[]): ServerLayout => ({ shape: 'named-object', path });
const MCP_SERVERS = named(['mcpServers']);

/** A path ends with `suffix` at a folder boundary (`/repo/.vscode/mcp.json` ends with `.vscode/mcp.json`). */
function endsWithSegments(lower: string, suffix: string): boolean {
  return lower === suffix || lower.endsWith(`/${suffix}`);
}

/**
 * True when the path is a dot-folder file directly in a home directory (`/home/ana/.cursor/mcp.json`,
 * `C:/Users/ana/.gemini/settings.json`, `/root/.codex/config.toml`): the user-scope copy of a file that a
 * repository may also hold. A repository checked out elsewhere never matches.
 */
function isUnderHome(normal: string): boolean {
  return /^(?:\/home\/[^/]+|\/Users\/[^/]+|\/root|\/var\/root|[A-Za-z]:\/(?:Users|Documents and Settings)\/[^/]+|~)\/\.[^/]+\//.test(normal);
}

function mcpFile(displayName: string, syntax: ConfigSyntax, readers: readonly ClientFileReader[]): ClientFile {
  return { kind: 'mcp-config', role: 'mcp-servers', syntax, displayName, readers };
}

function settingsFile(displayName: string, syntax: ConfigSyntax, readers: readonly ClientFileReader[]): ClientFile {
  return { kind: 'agent-settings', role: 'settings', syntax, displayName, readers };
}

/** VS Code's user-data folders (stable, Insiders, VSCodium), with profiles. */
const VSCODE_USER_DIR = /(?:^|\/)(?:code|code - insiders|vscodium)\/user\/(?:profiles\/[^/]+\/)?/;

const ENTRIES: readonly InventoryEntry[] = [
  // VS Code: workspace MCP file and workspace settings (the older `mcp` object, and chat approval settings).
  {
    match: (l) => endsWithSegments(l, '.vscode/mcp.json'),
    build: (home) => mcpFile('.vscode/mcp.json', 'jsonc', [{ client: 'vscode', scope: home ? 'user' : 'workspace', servers: named(['servers']) }]),
  },
  {
    match: (l) => endsWithSegments(l, '.vscode/settings.json'),
    build: () => settingsFile('.vscode/settings.json', 'jsonc', [{ client: 'vscode', scope: 'workspace', servers: named(['mcp', 'servers']), settingsPath: [] }]),
  },
  {
    match: (l) => VSCODE_USER_DIR.test(l) && /\/user\/(?:profiles\/[^/]+\/)?mcp\.json$/.test(l),
    build: () => mcpFile('user mcp.json', 'jsonc', [{ client: 'vscode', scope: 'user', servers: named(['servers']) }]),
  },
  {
    match: (l) => VSCODE_USER_DIR.test(l) && /\/user\/(?:profiles\/[^/]+\/)?settings\.json$/.test(l),
    build: () => settingsFile('user settings.json', 'jsonc', [{ client: 'vscode', scope: 'user', servers: named(['mcp', 'servers']), settingsPath: [] }]),
  },
  {
    match: (l) => l.endsWith('.code-workspace'),
    build: () => settingsFile('*.code-workspace', 'jsonc', [{ client: 'vscode', scope: 'workspace', servers: named(['settings', 'mcp', 'servers']), settingsPath: ['settings'] }]),
  },
  // Cursor.
  {
    match: (l) => endsWithSegments(l, '.cursor/mcp.json'),
    build: (home) => mcpFile('.cursor/mcp.json', 'jsonc', [{ client: 'cursor', scope: home ? 'user' : 'workspace', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => endsWithSegments(l, '.cursor/cli.json') || endsWithSegments(l, '.cursor/cli-config.json') || endsWithSegments(l, '.cursor/permissions.json'),
    build: (home) => settingsFile('.cursor settings', 'jsonc', [{ client: 'cursor', scope: home ? 'user' : 'workspace', servers: { shape: 'none' }, settingsPath: [] }]),
  },
  // Claude Code: project MCP file, committed and local settings, and the user's ~/.claude.json.
  {
    match: (l) => endsWithSegments(l, '.mcp.json'),
    build: () => mcpFile('.mcp.json', 'json', [{ client: 'claude-code', scope: 'workspace', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => endsWithSegments(l, '.claude/settings.json'),
    build: (home) => settingsFile('.claude/settings.json', 'json', [{ client: 'claude-code', scope: home ? 'user' : 'workspace', servers: MCP_SERVERS, settingsPath: [] }]),
  },
  {
    match: (l) => endsWithSegments(l, '.claude/settings.local.json'),
    build: (home) => settingsFile('.claude/settings.local.json', 'json', [{ client: 'claude-code', scope: home ? 'user' : 'workspace-local', servers: MCP_SERVERS, settingsPath: [] }]),
  },
  {
    match: (l) => /(?:^|\/)\.claude\.json$/.test(l),
    build: () => mcpFile('~/.claude.json', 'json', [{ client: 'claude-code', scope: 'user', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => /(?:^|\/)claude_desktop_config\.json$/.test(l),
    build: () => mcpFile('claude_desktop_config.json', 'json', [{ client: 'claude-desktop', scope: 'user', servers: MCP_SERVERS }]),
  },
  // Gemini CLI (and Antigravity, which lives under ~/.gemini).
  {
    match: (l) => endsWithSegments(l, '.gemini/antigravity/mcp_config.json'),
    build: () => mcpFile('~/.gemini/antigravity/mcp_config.json', 'json', [{ client: 'antigravity', scope: 'user', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => endsWithSegments(l, '.gemini/settings.json'),
    build: (home) => settingsFile('.gemini/settings.json', 'json', [{ client: 'gemini-cli', scope: home ? 'user' : 'workspace', servers: MCP_SERVERS, settingsPath: [] }]),
  },
  {
    match: (l) => /(?:^|\/)etc\/gemini-cli\/(?:settings|system-defaults)\.json$/.test(l),
    build: () => settingsFile('/etc/gemini-cli/settings.json', 'json', [{ client: 'gemini-cli', scope: 'machine', servers: MCP_SERVERS, settingsPath: [] }]),
  },
  // Codex CLI: TOML, `[mcp_servers.<name>]`; a project file is read only for trusted projects.
  {
    match: (l) => endsWithSegments(l, '.codex/config.toml'),
    build: (home) => settingsFile('.codex/config.toml', 'toml', [{ client: 'codex', scope: home ? 'user' : 'workspace', servers: named(['mcp_servers']), settingsPath: [] }]),
  },
  // Windsurf, Cline, Copilot CLI, Kiro, Amazon Q: `mcpServers` files.
  {
    match: (l) => endsWithSegments(l, '.codeium/windsurf/mcp_config.json'),
    build: () => mcpFile('~/.codeium/windsurf/mcp_config.json', 'json', [{ client: 'windsurf', scope: 'user', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => /(?:^|\/)cline_mcp_settings\.json$/.test(l),
    build: () => mcpFile('cline_mcp_settings.json', 'json', [{ client: 'cline', scope: 'user', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => endsWithSegments(l, '.copilot/mcp-config.json'),
    build: () => mcpFile('~/.copilot/mcp-config.json', 'json', [{ client: 'copilot-cli', scope: 'user', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => endsWithSegments(l, '.kiro/settings/mcp.json'),
    build: (home) => mcpFile('.kiro/settings/mcp.json', 'json', [{ client: 'kiro', scope: home ? 'user' : 'workspace', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => endsWithSegments(l, '.aws/amazonq/mcp.json') || endsWithSegments(l, '.amazonq/mcp.json'),
    build: (home) => mcpFile('.amazonq/mcp.json', 'json', [{ client: 'amazon-q', scope: home ? 'user' : 'workspace', servers: MCP_SERVERS }]),
  },
  // Zed: JSONC settings with `context_servers`.
  {
    match: (l) => endsWithSegments(l, '.zed/settings.json') || endsWithSegments(l, '.config/zed/settings.json'),
    build: (home) => settingsFile('.zed/settings.json', 'jsonc', [{ client: 'zed', scope: home ? 'user' : 'workspace', servers: named(['context_servers']), settingsPath: [] }]),
  },
  // opencode: `mcp` with `type: local|remote` and `command` as an array.
  {
    match: (l) => /(?:^|\/)opencode\.jsonc?$/.test(l),
    build: () => settingsFile('opencode.json', 'jsonc', [{ client: 'opencode', scope: 'workspace', servers: named(['mcp']), settingsPath: [] }]),
  },
  // Continue: YAML block files of MCP servers in the workspace, and the user's config.yaml.
  {
    match: (l) => /(?:^|\/)\.continue\/mcpservers\/[^/]+\.ya?ml$/.test(l),
    build: (home) => mcpFile('.continue/mcpServers/*.yaml', 'yaml', [{ client: 'continue', scope: home ? 'user' : 'workspace', servers: { shape: 'list', path: ['mcpServers'] } }]),
  },
  {
    match: (l) => /(?:^|\/)\.continue\/mcpservers\/[^/]+\.json$/.test(l),
    build: (home) => mcpFile('.continue/mcpServers/*.json', 'json', [{ client: 'continue', scope: home ? 'user' : 'workspace', servers: MCP_SERVERS }]),
  },
  {
    match: (l) => endsWithSegments(l, '.continue/config.yaml'),
    build: (home) => settingsFile('.continue/config.yaml', 'yaml', [{ client: 'continue', scope: home ? 'user' : 'workspace', servers: { shape: 'list', path: ['mcpServers'] }, settingsPath: [] }]),
  },
];

