/**
 * The agent instruction and rules files of the catalogue's §3.1, recognised by path, with the assistants
 * that load each one as instructions. Decided from the path alone (like every file kind) so a walk can
 * pick them before reading anything; the folder decides for generic names (`.claude/rules/x.md`).
 */

/** An instruction file and who reads it. */
export interface InstructionFile {
  /** The assistants that load the file as their own instructions, for messages ("read by Cursor"). */
  readonly readers: string;
  /** Whether its text is Markdown that may open with YAML front matter (`.mdc`, SKILL.md, prompt and agent files). */
  readonly frontMatter: boolean;
}

/** True when `path` names an agent instruction or rules file. */
export function isAgentInstructionFile(path: string): boolean {
  return instructionFileOf(path) !== undefined;
}

/** The instruction file at `path`, or undefined when no assistant reads it as instructions. */
export function instructionFileOf(path: string): InstructionFile | undefined {
  const parts = path.replace(/\\/g, '/').split('/');
  const name = parts[parts.length - 1] ?? '';
  const base = name.toLowerCase();
  const parent = (parts[parts.length - 2] ?? '').toLowerCase();
  const grandparent = (parts[parts.length - 3] ?? '').toLowerCase();
  // The assistants look these names up exactly (`AGENTS.md`, not `agents.md` in a docs folder).
  const byName = BY_NAME.get(name);
  if (byName) return byName;
  if (base === 'copilot-instructions.md' && parent === '.github') return { readers: 'GitHub Copilot', frontMatter: false };
  if (base.endsWith('.instructions.md')) return { readers: 'GitHub Copilot (VS Code and GitHub)', frontMatter: true };
  if (base.endsWith('.prompt.md')) return { readers: 'GitHub Copilot prompt files', frontMatter: true };
  if (base.endsWith('.agent.md') || base.endsWith('.chatmode.md')) return { readers: 'GitHub Copilot custom agents', frontMatter: true };
  if (base.endsWith('.mdc')) return { readers: 'Cursor', frontMatter: true };
  if (!base.endsWith('.md')) return undefined;
  const folder = RULE_FOLDERS.get(`${grandparent}/${parent}`);
  if (folder) return folder;
  // `.clinerules/` may be a folder of Markdown files as well as a single file.
  if (parent === '.clinerules') return { readers: 'Cline', frontMatter: false };
  return undefined;
}

/** The sentence a finding adds about who reads the file: "This file is loaded as instructions by Cursor." */
export function instructionReaders(file: InstructionFile): string {
  return `This file is loaded as instructions by ${file.readers}.`;
}

const BY_NAME = new Map<string, InstructionFile>([
  ['AGENTS.md', { readers: 'Codex, GitHub Copilot and other agents that read AGENTS.md', frontMatter: false }],
  ['AGENTS.override.md', { readers: 'Codex', frontMatter: false }],
  ['CLAUDE.md', { readers: 'Claude Code (and VS Code Copilot)', frontMatter: false }],
  ['CLAUDE.local.md', { readers: 'Claude Code', frontMatter: false }],
  ['GEMINI.md', { readers: 'Gemini CLI', frontMatter: false }],
  ['SKILL.md', { readers: 'agents that load Agent Skills (Claude Code, Copilot, Codex, Gemini CLI, Cursor)', frontMatter: true }],
  ['.cursorrules', { readers: 'Cursor', frontMatter: false }],
  ['.windsurfrules', { readers: 'Windsurf', frontMatter: false }],
  ['.clinerules', { readers: 'Cline', frontMatter: false }],
]);

/** `<tool folder>/<kind>` folders whose Markdown files are instructions, custom commands or agents. */
const RULE_FOLDERS = new Map<string, InstructionFile>([
  ['.claude/rules', { readers: 'Claude Code (and VS Code Copilot)', frontMatter: true }],
  ['.claude/commands', { readers: 'Claude Code custom commands', frontMatter: true }],
  ['.claude/agents', { readers: 'Claude Code subagents', frontMatter: true }],
  ['.cursor/rules', { readers: 'Cursor', frontMatter: true }],
  ['.windsurf/rules', { readers: 'Windsurf', frontMatter: true }],
  ['.continue/rules', { readers: 'Continue', frontMatter: true }],
  ['.roo/rules', { readers: 'Roo Code', frontMatter: false }],
  ['.github/prompts', { readers: 'GitHub Copilot prompt files', frontMatter: true }],
  ['.github/agents', { readers: 'GitHub Copilot custom agents', frontMatter: true }],
  ['.github/instructions', { readers: 'GitHub Copilot (VS Code and GitHub)', frontMatter: true }],
]);
