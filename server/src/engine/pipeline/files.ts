/**
 * Which pipeline or package-index file a path is. These files keep their generic kind (`yaml`, `json`,
 * `toml`, `shell`, `text`, `model`) so every rule that reads that kind (secrets above all) still reads them;
 * the pipeline rules read them by this finer name, as the dependency checker reads lockfiles by name.
 */
export type PipelineFile =
  | 'github-workflow'
  | 'github-action'
  | 'gitlab-ci'
  | 'dockerfile'
  | 'devcontainer'
  | 'pip-conf'
  | 'npmrc'
  | 'yarnrc'
  | 'uv-toml'
  | 'pyproject'
  | 'pth';

/**
 * The pipeline file `path` names. YAML outside `.github/workflows/` counts as a workflow when its top level
 * has both `on:` and `jobs:`, and as a composite action when it is `action.yml` or has `runs:` with
 * `steps:` (templates, fixtures and workflow generators keep workflows elsewhere).
 */
export function pipelineFileOf(path: string, text?: string): PipelineFile | undefined {
  const normalized = path.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1).toLowerCase();
  if (/\.ya?ml$/.test(base)) {
    if (base.endsWith('yarnrc.yml') || base.endsWith('yarnrc.yaml')) return 'yarnrc';
    if (base.includes('gitlab-ci')) return 'gitlab-ci';
    if (/(^|\/)\.github\/workflows\/[^/]+$/.test(normalized)) return 'github-workflow';
    if (base === 'action.yml' || base === 'action.yaml') return 'github-action';
    if (text !== undefined && /^on:|^["']on["']:|^true:/m.test(text) && /^jobs:/m.test(text)) return 'github-workflow';
    if (text !== undefined && /^runs:/m.test(text) && /^\s+using:\s*["']?composite/m.test(text)) return 'github-action';
    return undefined;
  }
  if (isDockerfileName(base)) return 'dockerfile';
  if (base.endsWith('devcontainer.json') || /(^|\/)\.devcontainer\/([^/]+\/)?devcontainer[^/]*\.json$/.test(normalized)) return 'devcontainer';
  if (base === 'pip.conf' || base === 'pip.ini' || base.endsWith('.pip.conf') || base.endsWith('.pip.ini')) return 'pip-conf';
  if (base === '.npmrc' || base.endsWith('.npmrc')) return 'npmrc';
  if (base === 'uv.toml' || base.endsWith('.uv.toml')) return 'uv-toml';
  if (base === 'pyproject.toml') return 'pyproject';
  if (base.endsWith('.pth')) return 'pth';
  return undefined;
}

/** `Dockerfile`, `Dockerfile.gpu`, `Containerfile`, `app.dockerfile`, `gpu.Dockerfile`. */
export function isDockerfileName(base: string): boolean {
  const lower = base.toLowerCase();
  return lower === 'dockerfile' || lower === 'containerfile' || lower.startsWith('dockerfile.') || lower.startsWith('containerfile.') || lower.endsWith('.dockerfile') || lower.endsWith('.containerfile');
}
