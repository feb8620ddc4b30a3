/**
 * AIS864 python-pth-executable-line: a `.pth` file holds a line Python executes at every interpreter start
 * (the litellm 1.82.8 pattern).
 */
import { defineRule } from '../../../engine/rule';
import type { Range } from '../../../engine/finding';
import { pthText, readPthLines } from '../../../engine/pipeline/pth';

/** What a start-up hook has no reason to do: run decoded or downloaded code, start processes, open sockets. */
const PAYLOAD = /\b(exec|eval|compile)\s*\(|b64decode|base64|\bsubprocess\b|os\.(system|popen|exec\w*|spawn\w*)|\burlopen\b|\burllib\b|\brequests\.|\bhttp\.client\b|\bsocket\b|\bmarshal\b|zlib\.decompress|codecs\.decode|\bctypes\b/;

export default defineRule(
  {
    id: 'AIS864',
    name: 'python-pth-executable-line',
    title: 'Executable line in a .pth file',
    category: 'pipeline',
    fileKinds: ['model'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-506'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags lines of text `.pth` files that start with `import` and a space or tab, which Python\'s `site` module executes at every interpreter start when the file sits in a site-packages folder. A line that also decodes, evaluates or downloads code, starts a process or opens a socket (`exec`, `eval`, `base64`, `subprocess`, `os.system`, `urllib`, `socket`, …) is an error; a line that only imports a module is a warning. `.pth` files whose bytes are not text are PyTorch checkpoints and are scanned by the model-file rules.',
      whyIsThisBad: 'Nothing imports a `.pth` file: it runs as soon as any Python process starts in that environment, including pip, the test runner and the IDE\'s language server, and it survives uninstalling the package that dropped it. litellm 1.82.7 and 1.82.8 shipped `litellm_init.pth` with such a line; a `.pth` committed to a repository (a vendored environment, a package\'s data files) gets installed the same way.',
      example: 'import os; exec(__import__("base64").b64decode("aW1wb3J0IHNvY2tldA=="))\n',
      useInstead: '# A .pth file should only list folders to add to sys.path:\n/opt/project/src\n',
      references: ['https://cwe.mitre.org/data/definitions/506.html', 'https://docs.python.org/3/library/site.html', 'https://github.com/BerriAI/litellm/issues'],
    },
  },
  {
    kind: 'binary',
    check(ctx) {
      if (!/\.pth$/i.test(ctx.path)) return;
      const text = pthText(ctx.bytes);
      if (text === undefined) return;
      for (const line of readPthLines(text)) {
        if (!line.executable) continue;
        const payload = PAYLOAD.exec(line.text);
        ctx.report({
          ruleId: 'AIS864',
          range: lineRange(text, line.start, line.end),
          severity: payload ? 'error' : 'warning',
          fingerprintSeed: line.text,
          data: {
            detail: payload
              ? `This line runs at every Python start in the environment this .pth is installed into, and it uses \`${payload[0].replace(/\s*\($/, '')}\`: a start-up hook has no reason to decode, evaluate or download code. Remove the file unless you know who wrote it.`
              : 'This line runs at every Python start in the environment this .pth is installed into (an `import` line in a .pth file is executed by `site`); make sure the module it imports is one you expect.',
          },
        });
      }
    },
  },
);

/** Binary checkers get no text index: compute the position of `[start, end)` on one line. */
function lineRange(text: string, start: number, end: number): Range {
  let line = 0;
  for (let i = 0; i < start; i++) if (text[i] === '\n') line++;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return { start: { line, column: start - lineStart }, end: { line, column: end - lineStart } };
}
