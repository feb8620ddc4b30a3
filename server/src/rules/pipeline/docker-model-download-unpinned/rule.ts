/**
 * AIS861 docker-model-download-unpinned: a Dockerfile, CI step or dev-container command downloads a
 * Hugging Face model by a branch (the default `main`) instead of a commit, so each build may get other weights.
 */
import { defineRule } from '../../../engine/rule';
import type { TextContext } from '../../../engine/rule';
import { commandName } from '../../../engine/shell/commands';
import type { SimpleCommand } from '../../../engine/shell/commands';
import { effectiveWords } from '../../../engine/shell/download-exec';
import { pipelineScriptsOf, PIPELINE_FILE_KINDS } from '../shared/pipeline-scripts';

const COMMIT = /^[0-9a-f]{40}$/i;
const RESOLVE_URL = /^(?:https?:\/\/)?(?:huggingface\.co|hf\.co)\/(?:(?:datasets|spaces)\/)?([\w.-]+\/[\w.-]+)\/(?:resolve|raw)\/([^/]+)\//i;
const HF_GIT = /^(?:https?:\/\/)?(?:[^@/]+@)?(?:huggingface\.co|hf\.co)\/(?:(?:datasets|spaces)\/)?([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/i;
const PYTHON_HUB_CALL = /\b(snapshot_download|hf_hub_download|from_pretrained)\s*\(([^)]*)\)/;

export default defineRule(
  {
    id: 'AIS861',
    name: 'docker-model-download-unpinned',
    title: 'Model downloaded at build time without a pinned revision',
    category: 'pipeline',
    fileKinds: [...PIPELINE_FILE_KINDS],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-494'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags Hugging Face downloads in Dockerfile `RUN`s, CI `run:`/`script:` lines and dev-container commands that do not name a commit: `hf download <repo>` / `huggingface-cli download <repo>` without `--revision <40-hex commit>`, `curl`/`wget` of a `huggingface.co/<repo>/resolve/<branch>/…` URL, `git clone https://huggingface.co/<repo>` with no `git checkout <commit>` in the same script, and `python -c "…snapshot_download(…)…"` (or `hf_hub_download`, `from_pretrained`) without `revision=`. Calls in Python files are covered by the model-provenance rules.',
      whyIsThisBad: 'A branch is whatever the repository\'s owner (or whoever takes over the account) last pushed. Pickle-based weights (`.bin`, `.pt`, `.ckpt`) run code when loaded, and `trust_remote_code` models ship Python, so a changed repository changes what every image built from now on runs, and the build cannot tell.',
      example: 'RUN hf download meta-llama/Llama-3.1-8B-Instruct --local-dir /models/llama\n',
      useInstead: 'RUN hf download meta-llama/Llama-3.1-8B-Instruct --revision 0e9e39f249a16976918f6564b8830bc894c89659 --local-dir /models/llama\n',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://huggingface.co/docs/huggingface_hub/guides/cli#download-from-a-specific-revision', 'https://huggingface.co/docs/hub/security-pickle'],
    },
  },
  {
    kind: 'text',
    keywords: ['huggingface', 'hf download', 'hf.co', 'snapshot_download', 'hf_hub_download', 'from_pretrained'],
    check(ctx) {
      for (const { script, where } of pipelineScriptsOf(ctx)) {
        const commands = script.pipelines.flatMap((p) => p.commands);
        const checksOutCommit = commands.some((c) => c.words.some((w, i) => i > 0 && COMMIT.test(w.text)) && c.words.some((w) => w.text === 'checkout' || w.text === 'reset'));
        for (const command of commands) checkCommand(ctx, command, where, checksOutCommit);
      }
    },
  },
);

function checkCommand(ctx: TextContext, command: SimpleCommand, where: string, checksOutCommit: boolean): void {
  const words = effectiveWords(command);
  const name = commandName(words[0]);
  const report = (start: number, end: number, what: string): void => {
    ctx.report({ ruleId: 'AIS861', range: ctx.rangeOf(start, end), data: { detail: `This ${where} downloads ${what} from its branch, not a commit: each build may get other weights (or code). Pin it to a 40-character commit.` } });
  };
  if ((name === 'hf' || name === 'huggingface-cli') && words[1]?.text === 'download' && words[2] && !words[2].text.startsWith('-')) {
    const revisionAt = words.findIndex((w) => w.text === '--revision' || w.text.startsWith('--revision='));
    const revision = revisionAt < 0 ? undefined : words[revisionAt]!.text.includes('=') ? words[revisionAt]!.text.split('=')[1] : words[revisionAt + 1]?.text;
    if (!revision || !COMMIT.test(revision)) report(words[0]!.start, words[2].end, `\`${words[2].text}\`${revision ? ` at \`${revision}\`` : ''}`);
    return;
  }
  if (name === 'curl' || name === 'wget') {
    for (const word of words.slice(1)) {
      const match = RESOLVE_URL.exec(word.text);
      if (match && !COMMIT.test(match[2]!)) report(word.start, word.end, `\`${match[1]!}\` (\`${match[2]!}\`)`);
    }
    return;
  }
  if (name === 'git' && words[1]?.text === 'clone' && !checksOutCommit) {
    const url = words.slice(2).find((w) => HF_GIT.test(w.text));
    if (url) report(url.start, url.end, `\`${HF_GIT.exec(url.text)![1]!}\``);
    return;
  }
  if (/^python[23]?(\.\d+)?$/.test(name)) {
    const code = words[words.findIndex((w) => w.text === '-c') + 1];
    const call = code ? PYTHON_HUB_CALL.exec(code.text) : null;
    if (code && call && !/\brevision\s*=/.test(call[2]!)) report(code.start, code.end, `with \`${call[1]!}(…)\` and no \`revision=\``);
  }
}
