/**
 * Finds Hydra `_target_` references in model metadata (safetensors `__metadata__` values, NeMo YAML):
 * NeMo, uni2TS and FlexTok pass such metadata to `hydra.utils.instantiate`, which imports and calls the
 * named callable on load (NeMo CVE-2025-23304). The tensors stay inert; the metadata is code.
 */
import { classifyGlobal } from './pickle-policy';

export interface HydraTarget {
  target: string;
  level: 'dangerous' | 'suspicious';
  reason: string;
}

/** `_target_: a.b.C`, `"_target_": "a.b.C"`, `_target_=a.b.C`, in JSON, YAML or Python-literal text. */
const TARGET = /["']?_target_["']?\s*[:=]\s*["']?([A-Za-z_][\w.]*)/g;

/** Library roots whose classes model configs legitimately instantiate (the per-library allow list of the guide §3.2). */
const ALLOWED_ROOTS = ['nemo.collections.', 'torch.nn.', 'torch.optim.', 'uni2ts.', 'flextok.', 'transformers.', 'omegaconf.'];

const MAX_TARGETS = 50;

export function findHydraTargets(text: string): HydraTarget[] {
  const out: HydraTarget[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(TARGET)) {
    const target = m[1]!;
    if (seen.has(target)) continue;
    seen.add(target);
    const dot = target.lastIndexOf('.');
    const verdict = dot > 0 ? classifyGlobal(target.slice(0, dot), target.slice(dot + 1), true) : undefined;
    if (verdict?.level === 'dangerous') out.push({ target, level: 'dangerous', reason: verdict.reason });
    else if (!ALLOWED_ROOTS.some((root) => target.startsWith(root))) {
      out.push({ target, level: 'suspicious', reason: 'is outside the libraries whose model configs instantiate classes (nemo, torch.nn, uni2ts, flextok, transformers)' });
    }
    if (out.length >= MAX_TARGETS) break;
  }
  return out;
}
