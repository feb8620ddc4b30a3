/**
 * AIS863 package-index-insecure: a package manager's settings fetch packages over plain HTTP or switch
 * certificate checks off for an index.
 */
import { defineRule } from '../../../engine/rule';
import { pipelineFileOf } from '../../../engine/pipeline/files';
import { readIndexSettings } from '../../../engine/pipeline/package-index';
import type { IndexSetting } from '../../../engine/pipeline/package-index';

const URL_KEYS = /(^|[.:])(index-url|extra-index-url|registry|npmRegistryServer|url|find-links)$/;
const LOOPBACK = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)([:/]|$)/i;

export default defineRule(
  {
    id: 'AIS863',
    name: 'package-index-insecure',
    title: 'Package index over plain HTTP or without TLS checks',
    category: 'pipeline',
    fileKinds: ['text', 'yaml', 'toml', 'pyproject'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-319'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags package-index settings that let someone on the network path swap packages: an `http://` index or registry (to a host other than this machine) in `pip.conf`/`pip.ini` (`index-url`, `extra-index-url`), `.npmrc` (`registry`, `@scope:registry`), `.yarnrc.yml` (`npmRegistryServer`, also under `npmScopes`/`npmRegistries`), `uv.toml` and `[tool.uv]` (`index-url`, `extra-index-url`, `[[index]] url`, `find-links`) and `[[tool.poetry.source]] url`; and switches that skip certificate checks: pip `trusted-host`, uv `allow-insecure-host`, npm `strict-ssl=false`, Yarn `enableStrictSsl: false` and `unsafeHttpWhitelist`. An extra index merged with PyPI (dependency confusion) is AIS509 and `--trusted-host` on install commands is AIS510.',
      whyIsThisBad: 'Package managers run code from what they download (build backends, `setup.py`, install scripts). Over plain HTTP or without certificate checks, a proxy, a hostile Wi-Fi or a poisoned DNS answer can serve any package under any name and version, and nothing in the lockfile-free install notices. A repository-level `pip.conf` is not read by pip from the working folder, but it is what images and CI jobs copy into place.',
      example: '[global]\nindex-url = http://pypi.internal.example/simple\ntrusted-host = pypi.internal.example\n',
      useInstead: '[global]\nindex-url = https://pypi.internal.example/simple\n# and, for an internal CA:\ncert = /etc/ssl/certs/internal-ca.pem\n',
      references: ['https://cwe.mitre.org/data/definitions/319.html', 'https://pip.pypa.io/en/stable/topics/configuration/', 'https://docs.npmjs.com/cli/v10/using-npm/config#strict-ssl', 'https://docs.astral.sh/uv/reference/settings/#allow-insecure-host', 'https://yarnpkg.com/configuration/yarnrc#unsafeHttpWhitelist'],
    },
  },
  {
    kind: 'text',
    keywords: ['http://', 'trusted-host', 'allow-insecure-host', 'strict-ssl', 'enableStrictSsl', 'unsafeHttpWhitelist'],
    check(ctx) {
      const file = pipelineFileOf(ctx.path);
      if (file !== 'pip-conf' && file !== 'npmrc' && file !== 'yarnrc' && file !== 'uv-toml' && file !== 'pyproject') return;
      for (const setting of readIndexSettings(ctx.text, file).settings) {
        const problem = problemOf(setting);
        if (problem) ctx.report({ ruleId: 'AIS863', range: ctx.rangeOf(setting.start, setting.end), data: { detail: problem } });
      }
    },
  },
);

function problemOf(setting: IndexSetting): string | undefined {
  const key = setting.key.replace(/^.*\./, '');
  const value = setting.value.trim();
  if (URL_KEYS.test(setting.key) && /^http:\/\//i.test(value) && !LOOPBACK.test(value)) {
    return `\`${setting.key}\` fetches packages over plain HTTP from \`${value}\`: anyone on the network path can replace them. Use https.`;
  }
  if (key === 'trusted-host' || key === 'allow-insecure-host') return `\`${setting.key} = ${value}\` installs packages from \`${value}\` without checking its certificate (or over plain HTTP); trust its CA (\`cert\`, \`SSL_CERT_FILE\`) instead.`;
  if (key === 'unsafeHttpWhitelist') return `\`unsafeHttpWhitelist\` lets Yarn fetch from \`${value}\` over plain HTTP; serve it over https.`;
  if ((key === 'strict-ssl' || key === 'enableStrictSsl') && /^false$/i.test(value)) return `\`${setting.key}: false\` turns off certificate checks for the registry: anyone on the network path can serve packages. Trust the registry's CA (\`cafile\`, \`httpsCaFilePath\`) instead.`;
  return undefined;
}
