// Command-line client for the sentiment service, with an "assistant" mode that lets the model run tools.
import { exec } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import yaml from 'js-yaml';
import OpenAI from 'openai';
import serialize from 'node-serialize';

const openai = new OpenAI();

// TLS verification switched off for the staging endpoint, and never switched back on.
const agent = new https.Agent({ rejectUnauthorized: false });

export function loadSettings(path: string): unknown {
  // js-yaml 3's load accepts !!js/function and friends.
  return yaml.load(readFileSync(path, 'utf8'));
}

export function restoreSession(cookie: string): unknown {
  // node-serialize evaluates functions embedded in the data.
  return serialize.unserialize(Buffer.from(cookie, 'base64').toString());
}

export async function assistant(task: string): Promise<void> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `Give one shell command that does: ${task}` }],
  });
  const command = completion.choices[0]?.message.content ?? '';
  // Model output straight into a shell.
  exec(command, (error, stdout) => console.log(error ?? stdout));
}

export function scoreExpression(expression: string): number {
  return eval(expression) as number;
}

export { agent };
