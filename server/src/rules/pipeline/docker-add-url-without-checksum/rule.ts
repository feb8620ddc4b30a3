/**
 * AIS860 docker-add-url-without-checksum: `ADD https://…` fetches a file into the image without checking
 * what arrived.
 */
import { defineRule } from '../../../engine/rule';
import { dockerfileOf } from '../shared/dockerfile-file';

export default defineRule(
  {
    id: 'AIS860',
    name: 'docker-add-url-without-checksum',
    title: 'Remote ADD without --checksum',
    category: 'pipeline',
    fileKinds: ['shell'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-494'],
    message: '`ADD {{url}}` puts whatever that URL serves at build time into the image; add `--checksum=sha256:<hash>` (Dockerfile syntax 1.6+) or download and verify it in a `RUN`.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `ADD` instructions in Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.dockerfile`, `Containerfile`) whose source is an `http://` or `https://` URL and that have no `--checksum=` flag. Git sources (`ADD https://github.com/o/r.git#<ref>`) are left to the pinning of their ref.',
      whyIsThisBad: 'The build fetches the URL each time the layer is rebuilt and trusts the answer: a changed release asset, a compromised server or (over `http://`) anyone on the path decides what goes into the image, and the image\'s history cannot tell. BuildKit verifies `--checksum` before the file is used.',
      example: 'ADD https://github.com/tini/tini/releases/download/v0.19.0/tini /tini\n',
      useInstead: 'ADD --checksum=sha256:93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini\n',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://docs.docker.com/reference/dockerfile/#add---checksum', 'https://github.com/moby/buildkit/releases/tag/dockerfile%2F1.6.0'],
    },
  },
  {
    kind: 'text',
    keywords: ['ADD', 'add'],
    check(ctx) {
      const dockerfile = dockerfileOf(ctx);
      if (!dockerfile) return;
      for (const instruction of dockerfile.instructions) {
        if (instruction.keyword !== 'ADD' || instruction.flags.some((f) => f.value.startsWith('checksum='))) continue;
        // Every argument but the last is a source.
        for (const source of instruction.args.slice(0, -1)) {
          if (!/^https?:\/\//i.test(source.value) || /\.git(#|$)/.test(source.value)) continue;
          ctx.report({ ruleId: 'AIS860', range: ctx.rangeOf(source.start, source.end), data: { url: source.value } });
        }
      }
    },
  },
);
