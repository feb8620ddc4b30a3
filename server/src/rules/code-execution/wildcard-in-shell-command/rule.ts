/**
 * AIS208 wildcard-in-shell-command: `chmod`/`chown`/`tar`/`rsync` with a `*` run through a shell, where a
 * crafted file name becomes an option.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { unparenthesize } from '../../../engine/resolve/walk';
import { SHELL_FUNCTIONS, shellTruthiness, SUBPROCESS_WITH_SHELL } from '../../shared/python-commands';
import { literalString } from '../../shared/python-values';

const RISKY = /(^|[\s;&|(/])(chown|chmod|tar|rsync)\s[^;&|]*\*/;

export default defineRule(
  {
    id: 'AIS208',
    name: 'wildcard-in-shell-command',
    title: 'Wildcard in a chmod/chown/tar/rsync shell command',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-155'],
    message: '`{{callee}}` runs `{{tool}}` with a `*` wildcard through the shell; a file named like an option (`--checkpoint-action=exec=...`) is then parsed as one.',
    fixAvailability: 'none',
    peers: { bandit: ['B609'] },
    docs: {
      whatItDoes: 'Flags shell commands (`os.system`, `os.popen`, `subprocess.*` with a truthy `shell=`) whose literal text runs `chown`, `chmod`, `tar` or `rsync` with a `*` wildcard.',
      whyIsThisBad: 'The shell expands `*` into file names before the tool sees them. Anyone who can create a file in that directory can name it `--checkpoint-action=exec=sh x.sh` (tar) or `--reference=...` (chown/chmod) and have it parsed as an option, which runs commands or changes permissions.',
      example: 'import os\n\nos.system("tar -czf backup.tgz *")\n',
      useInstead: 'import subprocess\n\nsubprocess.run(["tar", "-czf", "backup.tgz", "--", "."], check=True)\n',
      references: ['https://cwe.mitre.org/data/definitions/155.html', 'https://www.exploit-db.com/papers/33930'],
    },
  },
  {
    kind: 'ast',
    keywords: ['chmod', 'chown', 'tar -', 'tar c', 'tar x', 'tar z', 'rsync'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified) continue;
        if (SUBPROCESS_WITH_SHELL.has(qualified)) {
          if (!shellTruthiness(ctx, scope.argument(call, undefined, 'shell')).on) continue;
        } else if (!SHELL_FUNCTIONS.has(qualified)) continue;
        const command = commandText(ctx, scope.argument(call, 0, undefined));
        const match = command ? RISKY.exec(command) : null;
        if (match) ctx.report({ ruleId: 'AIS208', range: ctx.rangeOfNode(call), data: { callee: callee.text, tool: match[2] } });
      }
    },
  },
);

/** The command's literal text: a literal string, or the literal parts of an f-string or concatenation. */
function commandText(ctx: AstContext, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  let inner = unparenthesize(node);
  if (inner.type === 'list' || inner.type === 'tuple') {
    const first = inner.namedChildren.find((c) => c && c.type !== 'comment');
    if (!first) return undefined;
    inner = unparenthesize(first);
  }
  // `a + b + c` nests to the left; walk that spine iteratively (hostile input can nest thousands deep).
  const parts: string[] = [];
  let current: Node | null = inner;
  while (current?.type === 'binary_operator' && parts.length < 200) {
    const right = current.childForFieldName('right');
    parts.unshift(right ? partText(ctx, right) : ' ');
    current = current.childForFieldName('left');
  }
  if (current) parts.unshift(partText(ctx, current));
  const text = parts.join('');
  return text.trim() === '' ? undefined : text;
}

function partText(ctx: AstContext, node: Node): string {
  const inner = unparenthesize(node);
  const literal = literalString(ctx, inner);
  if (literal !== undefined) return literal;
  if (inner.type === 'string') return inner.descendantsOfType('string_content').map((c) => c?.text ?? '').join(' ');
  return ' ';
}
