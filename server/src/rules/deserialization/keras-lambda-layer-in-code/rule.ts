/**
 * AIS108 keras-lambda-layer-in-code: a Keras `Lambda` layer is saved as Python bytecode, so the model file can
 * only be loaded by running code.
 */
import { defineRule } from '../../../engine/rule';
import { importedNameKeywords } from '../../shared/python-calls';

const LAMBDA = /^(keras|tensorflow\.keras|tensorflow\.python\.keras|tf_keras)\.(layers|layers\.core|src\.layers)\.Lambda$/;

export default defineRule(
  {
    id: 'AIS108',
    name: 'keras-lambda-layer-in-code',
    title: 'Keras Lambda layer in model code',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'info',
    advisory: { findings: 'all', editor: 'hidden', reason: 'Defining a Lambda layer is not unsafe by itself; the risk is in loading a saved model that holds one, which AIS107 and AIS606 report.' },
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '`{{callee}}` is saved as Python bytecode: anyone loading this model must run code (safe mode refuses it). Prefer a registered Layer subclass.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Reports (as information) each `keras.layers.Lambda(...)` / `tf.keras.layers.Lambda(...)` in model code.',
      whyIsThisBad: 'A model that contains a `Lambda` layer can only be loaded with safe mode off (or through the legacy HDF5 format), which teaches its users to load models unsafely, and a malicious model looks the same as this one. Model-file scanners report Lambda layers for this reason.',
      example: 'import keras\n\nscale = keras.layers.Lambda(lambda x: x * 2.0)\n',
      useInstead: 'import keras\n\n@keras.saving.register_keras_serializable()\nclass Scale(keras.layers.Layer):\n    def call(self, x):\n        return x * 2.0\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://keras.io/api/layers/core_layers/lambda/'],
    },
  },
  {
    kind: 'ast',
    keywords: ['Lambda(', ...importedNameKeywords('Lambda')],
    onFile(ctx) {
      const scope = ctx.python();
      for (const call of ctx.calls()) {
        const callee = call.childForFieldName('function');
        if (!callee || !callee.text.endsWith('Lambda')) continue;
        const qualified = scope.qualifiedName(callee);
        if (qualified && LAMBDA.test(qualified)) ctx.report({ ruleId: 'AIS108', range: ctx.rangeOfNode(call), data: { callee: callee.text } });
      }
    },
  },
);
