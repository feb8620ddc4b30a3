/**
 * AIS612 model-metadata-target: model metadata (safetensors `__metadata__`, the YAML config of a NeMo
 * archive) names a Hydra `_target_` callable outside the libraries whose configs instantiate classes.
 */
import type { RuleMeta } from '../../../engine/rule';
import { MODEL_FILE_REFERENCES } from '../shared-docs';

export const meta: RuleMeta = {
  id: 'AIS612',
  name: 'model-metadata-target',
  title: 'Model metadata names a callable that loading instantiates',
  category: 'model-files',
  fileKinds: ['model'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-94', 'CWE-502'],
  message: 'The model metadata {{key}} names the Hydra target `{{target}}`, which {{reason}}.',
  fixAvailability: 'none',
  docs: {
    whatItDoes:
      'Reads the `__metadata__` strings of safetensors files and the YAML configs inside NeMo (`.nemo`) archives for Hydra `_target_` references. A target on the deny list of the pickle scanner (`os.system`, `builtins.exec`, `subprocess.Popen`, …) is an error; a target outside the libraries whose model configs instantiate classes (`nemo.collections`, `torch.nn`, `torch.optim`, `uni2ts`, `flextok`, `transformers`) is a warning.',
    whyIsThisBad:
      'NeMo, Salesforce uni2TS and Apple FlexTok pass model metadata to `hydra.utils.instantiate`, which imports the named callable and calls it with the config\'s arguments while the model loads (NeMo CVE-2025-23304). A safetensors file is otherwise inert, so this is the one way such a file runs code; the publisher of the weights chooses the function.',
    example: '# model.safetensors __metadata__: {"config": "{\\"_target_\\": \\"os.system\\", \\"command\\": \\"id\\"}"}\nfrom safetensors import safe_open\nfrom hydra.utils import instantiate\nimport json\nwith safe_open("model.safetensors", "pt") as f:\n    model = instantiate(json.loads(f.metadata()["config"]))   # calls os.system("id")',
    useInstead: '# Instantiate only classes you expect, never a target read from a downloaded file:\nfrom nemo.collections.asr.models import EncDecCTCModel\nconfig = load_config_you_trust()\nmodel = EncDecCTCModel(cfg=config)',
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://hydra.cc/docs/advanced/instantiate_objects/overview/', 'https://nvd.nist.gov/vuln/detail/CVE-2025-23304', ...MODEL_FILE_REFERENCES],
  },
};
