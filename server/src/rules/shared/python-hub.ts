/**
 * Hugging Face and torch.hub knowledge shared by the model-provenance rules: which calls download from
 * the Hub, where their repository id and revision are, and what counts as a pinned revision.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';

/** The combination key of model-provenance findings on one download call: they are reported as one finding. */
export const HUB_DOWNLOAD_COMBINE_KEY = 'hub-download';

/** A commit SHA as Bandit B615 accepts it: at least 7 characters, all hexadecimal. */
export const PINNED_REVISION = /^[0-9a-fA-F]{7,}$/;
/** A full 40-character commit SHA. */
export const FULL_SHA = /^[0-9a-fA-F]{40}$/;

/** The kind of Hub download a call is, from its qualified name; undefined when it is none. */
export function hubDownloadKind(qualified: string): 'from_pretrained' | 'load_dataset' | 'hf_hub_download' | 'snapshot_download' | undefined {
  if (qualified.endsWith('.from_pretrained') && qualified.startsWith('transformers.')) return 'from_pretrained';
  if (qualified === 'datasets.load_dataset' || qualified === 'datasets.load.load_dataset') return 'load_dataset';
  if (qualified === 'huggingface_hub.hf_hub_download' || qualified === 'huggingface_hub.file_download.hf_hub_download') return 'hf_hub_download';
  if (qualified === 'huggingface_hub.snapshot_download' || qualified === 'huggingface_hub._snapshot_download.snapshot_download') return 'snapshot_download';
  return undefined;
}

/** The repository-id argument of a Hub download call. */
export function repositoryArgument(ctx: AstContext, call: Node, kind: string): Node | undefined {
  const keyword = kind === 'from_pretrained' ? 'pretrained_model_name_or_path' : kind === 'load_dataset' ? 'path' : 'repo_id';
  return ctx.python().argument(call, 0, keyword);
}

/** True for a literal that names a local directory (`./model`, `/models/x`, `../x`, `~/x`). */
export function isLocalPath(value: string): boolean {
  return value.startsWith('./') || value.startsWith('/') || value.startsWith('../') || value.startsWith('~/') || value === '.' || /^[A-Za-z]:[\\/]/.test(value);
}

/** `datasets` builders that read local files and download nothing from the Hub. */
export const PACKAGED_DATASET_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'arrow', 'pandas', 'imagefolder', 'audiofolder', 'videofolder', 'webdataset', 'xml', 'sql', 'generator', 'cache']);
