/**
 * GitHub Actions that run an AI coding agent, with the inputs that carry its prompt and those that open it
 * to everyone or remove its sandbox (catalogue §5.2, read from each action's action.yml and security docs).
 */
export interface AgentAction {
  /** `owner/repo` in lower case. */
  action: string;
  /** Whether the action refuses actors without write access by default. */
  checksActor: boolean;
  /** Inputs whose text becomes (part of) the agent's prompt. */
  promptInputs: readonly string[];
}

export const AGENT_ACTIONS: readonly AgentAction[] = [
  { action: 'anthropics/claude-code-action', checksActor: true, promptInputs: ['prompt', 'direct_prompt', 'override_prompt', 'custom_instructions', 'claude_args', 'system_prompt', 'append_system_prompt'] },
  { action: 'anthropics/claude-code-base-action', checksActor: false, promptInputs: ['prompt', 'system_prompt', 'append_system_prompt', 'claude_args'] },
  { action: 'openai/codex-action', checksActor: true, promptInputs: ['prompt', 'codex-args'] },
  { action: 'google-github-actions/run-gemini-cli', checksActor: false, promptInputs: ['prompt'] },
  { action: 'google-gemini/gemini-cli-action', checksActor: false, promptInputs: ['prompt'] },
  { action: 'pydantic/ollama-action', checksActor: false, promptInputs: ['prompt'] },
];

export function agentActionOf(action: string): AgentAction | undefined {
  return AGENT_ACTIONS.find((a) => a.action === action);
}

/** Inputs that let anyone drive the agent: `allowed_non_write_users: "*"`, `allowed_bots: "*"`, `allow-users: "*"`, `allow-bots: true`. */
export const OPEN_ACCESS_INPUTS: ReadonlyMap<string, RegExp> = new Map([
  ['allowed_non_write_users', /^\s*\*\s*$/],
  ['allowed_bots', /^\s*\*\s*$/],
  ['allow-users', /^\s*\*\s*$/],
  ['allow-bots', /^\s*true\s*$/i],
]);

/** Inputs that remove the agent's sandbox or publish its full output. */
export const UNSANDBOXED_INPUTS: ReadonlyMap<string, RegExp> = new Map([
  ['safety-strategy', /^\s*unsafe\s*$/],
  ['sandbox', /^\s*danger-full-access\s*$/],
  ['show_full_output', /^\s*true\s*$/i],
]);

/** Tools that give an agent the shell or the files without a narrower rule (`Bash`, `Bash(*)`, `Write`, `*`). */
const BROAD_TOOL = /^(?:\*|Bash(?:\(\s*\*?\s*\))?|Write|Edit|MultiEdit|NotebookEdit|run_shell_command|Shell(?:\(\*+\))?)$/;

/**
 * The agent's explicit tool allow-list when the step gives one (`allowed_tools: "a,b"`, or `--allowedTools
 * "a b"` / `--allowed-tools` in `claude_args`), else undefined. Tools are split on commas and spaces
 * outside parentheses, so `Bash(gh label list)` stays one tool.
 */
export function explicitToolList(inputs: readonly { key: string; text: string | undefined }[]): string[] | undefined {
  for (const { key, text } of inputs) {
    if (text === undefined) continue;
    if (key === 'allowed_tools') return splitTools(text);
    if (key === 'claude_args') {
      const match = /--allowed-?[tT]ools[=\s]+(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(text);
      if (match) return splitTools(match[1] ?? match[2] ?? match[3] ?? '');
    }
  }
  return undefined;
}

/** True when the step lists its tools and none of them is the shell or file writes without a narrower rule. */
export function toolsAreNarrow(tools: readonly string[] | undefined): tools is string[] {
  return tools !== undefined && tools.length > 0 && tools.every((tool) => !BROAD_TOOL.test(tool));
}

function splitTools(text: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
      if (current.trim()) tools.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) tools.push(current.trim());
  return tools;
}
