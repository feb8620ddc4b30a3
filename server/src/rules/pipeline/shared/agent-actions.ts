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
