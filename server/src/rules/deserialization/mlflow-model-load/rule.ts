/**
 * AIS114 mlflow-model-load: mlflow flavours that store models as pickles (cloudpickle, torch.save) load
 * them with pickle.
 */
import { defineRule } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';

const PICKLE_FLAVOURS = /^mlflow\.(sklearn|pyfunc|pytorch|statsmodels|langchain|fastai|pmdarima|diviner|prophet|lightgbm|catboost|spacy|h2o|gluon|paddle|sentence_transformers|transformers|llama_index|dspy)\.load_model$/;

export default defineRule(
  {
    id: 'AIS114',
    name: 'mlflow-model-load',
    title: 'mlflow model loaded from a pickle-based flavour',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'info',
    advisory: { findings: 'all', editor: 'hint', reason: 'Models loaded from a team\'s own tracking server are usually trusted; the pickle-based flavour matters when the model URI comes from elsewhere.' },
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '`{{callee}}` unpickles the model artefact; load only models from a registry you trust, or log sklearn models with the skops format.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Reports `mlflow.<flavour>.load_model(...)` for flavours whose artefacts are pickles or may contain pickled Python objects (sklearn, pyfunc, pytorch, statsmodels, langchain, and others).',
      whyIsThisBad: 'mlflow saves scikit-learn models with cloudpickle by default, PyTorch models with `torch.save`, and pyfunc models with a cloudpickled `python_model`. Loading a model URI therefore runs whatever code the artefact contains; whoever can write to the run, the registry or the artefact store can run code in the loading service.',
      example: 'import mlflow\n\nmodel = mlflow.pyfunc.load_model(model_uri)\n',
      useInstead: 'import mlflow\n\n# Log sklearn models with serialization_format="skops" and load only from a registry with access control.\nmlflow.sklearn.log_model(model, "model", serialization_format="skops")\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://mlflow.org/docs/latest/python_api/mlflow.sklearn.html', 'https://skops.readthedocs.io/en/stable/persistence.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['mlflow'],
    onFile(ctx) {
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (callee && qualified && PICKLE_FLAVOURS.test(qualified)) ctx.report({ ruleId: 'AIS114', range: ctx.rangeOfNode(call), data: { callee: callee.text } });
      }
    },
  },
);
