/**
 * Glob patterns of the AI-assistant files the server analyses that have no language of their own to be
 * selected by: agent instruction and rules files (Markdown, plain text such as `.cursorrules`, Cursor's
 * `.mdc`) and the assistant settings files the approval rules read. They mirror the server's
 * `engine/agent-instructions/instruction-files.ts` and `engine/agent-config/client-files.ts`.
 */

/** Instruction and rules files, by name anywhere and by folder. */
export const INSTRUCTION_FILE_PATTERN =
  '**/{AGENTS.md,AGENTS.override.md,CLAUDE.md,CLAUDE.local.md,GEMINI.md,SKILL.md,.cursorrules,.windsurfrules,.clinerules,*.mdc,*.instructions.md,*.prompt.md,*.agent.md,*.chatmode.md,'
  + '.github/copilot-instructions.md,.clinerules/*.md,.claude/rules/*.md,.claude/commands/*.md,.claude/agents/*.md,.cursor/rules/*.md,.windsurf/rules/*.md,'
  + '.continue/rules/*.md,.roo/rules/*.md,.github/prompts/*.md,.github/agents/*.md,.github/instructions/*.md}';

/** Assistant settings files whose approval, permission and sandbox keys the server checks. */
export const ASSISTANT_SETTINGS_PATTERN =
  '**/{.claude/settings.json,.claude/settings.local.json,.vscode/settings.json,*.code-workspace,.gemini/settings.json,.codex/config.toml,.cursor/cli.json,.cursor/cli-config.json,.cursor/permissions.json}';
