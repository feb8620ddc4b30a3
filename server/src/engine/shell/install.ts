/**
 * Install commands in the shell-command model: each simple command goes through the project's one
 * install-command parser (`manifests/install-commands.ts` `parseArgv`), so a `pip install` in a workflow
 * `run:` block or a Dockerfile `RUN` is read exactly as one in a shell script.
 */
import { parseArgv } from '../manifests/install-commands';
import { emptyManifest } from '../manifests/types';
import type { ParsedManifest, Span } from '../manifests/types';
import type { ShellScript } from './commands';

/** The packages that the script's install commands name (`pip install x`, `npx -y y`, `uvx z`), nested commands included. */
export function installDependenciesOf(script: ShellScript): ParsedManifest {
  const out = emptyManifest();
  for (const pipeline of script.pipelines) {
    for (const command of pipeline.commands) {
      const entrySpan: Span = { start: command.start, end: command.end };
      // A word's first value character marks where its text starts (after an opening quote).
      parseArgv(command.words.map((word) => ({ text: word.text, start: word.offsets[0] ?? word.start })), out, entrySpan);
    }
  }
  return out;
}
