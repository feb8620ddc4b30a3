/**
 * AIS859 ci-download-pipe-shell: a CI step, Dockerfile `RUN` or dev-container command downloads a script
 * and runs it in the same breath (`curl … | sh`), so nothing checks what arrived.
 */
import { defineRule } from '../../../engine/rule';
import { findDownloadExecutions } from '../../../engine/shell/download-exec';
import { pipelineScriptsOf, PIPELINE_FILE_KINDS } from '../shared/pipeline-scripts';
import { vendorInstallerOf } from './vendor-installers';

/** Hosts where anyone can publish text under a URL that looks stable: paste sites, gists, file drops, tunnels. */
const ANONYMOUS_HOST = /^(https?|ftp):\/\/([^/]+\.)?(pastebin\.com|paste\.ee|hastebin\.com|ghostbin\.\w+|gist\.githubusercontent\.com|gist\.github\.com|transfer\.sh|0x0\.st|termbin\.com|ngrok(-free)?\.(io|app)|trycloudflare\.com)(\/|$)/i;
const LOOPBACK = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])([:/]|$)/i;

export default defineRule(
  {
    id: 'AIS859',
    name: 'ci-download-pipe-shell',
    title: 'Downloaded script piped into a shell',
    category: 'pipeline',
    fileKinds: [...PIPELINE_FILE_KINDS],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-494'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags a download that is run at once, in GitHub Actions `run:` steps and composite actions, GitLab `script:` lines, Dockerfile `RUN` instructions and dev-container lifecycle commands: `curl … | sh`, `wget -qO- … | sudo bash`, `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`, `irm … | iex` and `iex ((New-Object Net.WebClient).DownloadString(…))`, including inside `bash -c` scripts and substitutions. It is an error when the URL is plain `http://` (to a host other than this machine) or on a paste, gist or tunnel host, and in a dev container\'s `initializeCommand`, which runs on the developer\'s own machine. A tool\'s documented installer from its own HTTPS domain (`install.python-poetry.org`, `sh.rustup.rs`, `astral.sh/uv/`, `deb.nodesource.com`, ...) is information only (audit profile). Downloads piped into other tools (`| jq`, `| python -m json.tool`, `| tar x`) and scripts saved to a file before they run are not reported.',
      whyIsThisBad: 'Whatever the server sends at that moment runs with the job\'s secrets, the image\'s contents or the developer\'s account, and nothing records which script that was: a compromised domain, a changed CDN object or a man in the middle (over `http://`) changes the code that runs, and the build log cannot tell. A checked download (a pinned version and `sha256sum -c`) fails instead.',
      example: 'RUN curl -fsSL https://example.com/install.sh | sh\n',
      useInstead: 'ARG TOOL_SHA256=3f4b…\nRUN curl -fsSLo /tmp/install.sh https://example.com/v1.4.2/install.sh \\\n && echo "${TOOL_SHA256}  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh\n',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://docs.github.com/en/actions/reference/security/secure-use', 'https://www.idontplaydarts.com/2016/04/detecting-curl-pipe-bash-server-side/'],
    },
  },
  {
    kind: 'text',
    keywords: ['curl', 'wget', 'iwr', 'irm', 'Invoke-WebRequest', 'Invoke-RestMethod', 'DownloadString'],
    check(ctx) {
      for (const { script, where, onHost } of pipelineScriptsOf(ctx)) {
        for (const found of findDownloadExecutions(script, ctx.text)) {
          const url = found.url?.text ?? '';
          const plain = /^http:\/\//i.test(url) && !LOOPBACK.test(url);
          const anonymous = ANONYMOUS_HOST.test(url);
          const error = plain || anonymous || onHost;
          const vendor = error ? undefined : vendorInstallerOf(url);
          if (vendor) {
            ctx.report({
              ruleId: 'AIS859',
              range: ctx.rangeOf(found.start, found.end),
              severity: 'info',
              advisory: true,
              data: { detail: `This ${where} runs \`${url}\`, ${vendor}'s documented installer from its own HTTPS domain, as soon as it arrives; to make the build reproducible, download a pinned version, verify its checksum, then run it.` },
            });
            continue;
          }
          const reason = plain ? ' over plain HTTP, so anyone on the network path can replace it' : anonymous ? ' from a host where anyone can publish' : onHost ? ' on the developer\'s machine (initializeCommand runs on the host)' : '';
          ctx.report({
            ruleId: 'AIS859',
            range: ctx.rangeOf(found.start, found.end),
            severity: error ? 'error' : 'warning',
            data: { detail: `This ${where} runs ${url ? `\`${url}\`` : 'a downloaded script'} as soon as it arrives${reason}, without checking what it is; download it to a file, verify a pinned checksum, then run it.` },
          });
        }
      }
    },
  },
);
