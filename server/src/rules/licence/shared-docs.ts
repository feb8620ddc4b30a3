/** Documentation shared by the licence rules. */
export const LICENCE_SOURCES =
  'Licences are read offline from what the repository holds: a Hugging Face model or dataset card\'s front matter (`license:` in README.md, or `license_name:` when it says `other`), a model file\'s own metadata (GGUF `general.license`, safetensors `__metadata__.license`) the `license` of every package in package-lock.json, the licence a package.json (`license`) or pyproject.toml (`project.license` as a PEP 639 expression or `{ text }`, `license-expression`, Poetry\'s `license`) declares for its own package, and LICENSE, LICENCE and COPYING files, recognised from their text (the title with its version and date, or the operative sentence of MIT, ISC, BSD and the like; a file AISec does not recognise is an unknown licence). Model licences SPDX does not list (`llama2`, `llama3`, `gemma`, `openrail`, `creativeml-openrail-m`, `apple-ascl`) are read as `LicenseRef-<name>`.';

export const POLICY_EXAMPLE = '# .aisec.toml\n[licenses]\ndeny = ["cc-by-nc-*", "llama2"]\nallow = ["Apache-2.0", "MIT", "BSD-3-Clause", "llama3*"]\nunknown = "warn"\n';

export const LICENCE_REFERENCES = ['https://cwe.mitre.org/data/definitions/1357.html', 'https://spdx.org/licenses/', 'https://huggingface.co/docs/hub/repositories-licenses', 'https://cyclonedx.org/capabilities/mlbom/'];
