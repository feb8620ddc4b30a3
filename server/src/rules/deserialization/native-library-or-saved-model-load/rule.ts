/**
 * AIS109 native-library-or-saved-model-load: TensorFlow SavedModels, custom-op libraries and native
 * libraries loaded from a path the code does not fix.
 */
import { defineRule } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { isLiteralStringArg, modelFileNote, receiverConstructor } from '../../shared/python-values';

/** Loader → the keyword name of its path argument. */
const LOADERS = new Map<string, string>([
  ['tensorflow.saved_model.load', 'export_dir'],
  ['tensorflow.compat.v1.saved_model.load', 'export_dir'],
  ['tensorflow.compat.v1.saved_model.loader.load', 'export_dir'],
  ['tensorflow.saved_model.loader.load', 'export_dir'],
  ['tensorflow.load_library', 'library_location'],
  ['tensorflow.load_op_library', 'library_filename'],
  ['tensorflow.experimental.register_filesystem_plugin', 'plugin_location'],
  ['torch.classes.load_library', 'path'],
  ['torch.ops.load_library', 'path'],
  ['numpy.ctypeslib.load_library', 'libname'],
]);

export default defineRule(
  {
    id: 'AIS109',
    name: 'native-library-or-saved-model-load',
    title: 'SavedModel or native library loaded from a variable path',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '`{{callee}}` loads {{what}} from a path that is not fixed in the code; load only pinned, verified files.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `tf.saved_model.load`, `tf.load_library`, `tf.load_op_library`, `torch.classes.load_library` / `torch.ops.load_library`, `numpy.ctypeslib.load_library` and onnxruntime `SessionOptions.register_custom_ops_library` when the path is not a literal.',
      whyIsThisBad: 'A native library runs its code as soon as it is loaded, and a SavedModel can carry custom ops and file-reading graph ops. When the path comes from configuration, a download or user input, whoever controls it controls the code that runs.',
      example: 'import tensorflow as tf\n\nops = tf.load_op_library(args.ops_path)\n',
      useInstead: 'import tensorflow as tf\n\nops = tf.load_op_library("./build/custom_ops.so")  # a file built and pinned by this project\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://www.tensorflow.org/api_docs/python/tf/load_op_library', 'https://onnxruntime.ai/docs/reference/operators/add-custom-op.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['saved_model', 'load_library', 'load_op_library', 'register_custom_ops_library', 'register_filesystem_plugin'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        const keyword = qualified ? LOADERS.get(qualified) : undefined;
        if (keyword !== undefined) {
          const path = scope.argument(call, 0, keyword);
          if (!path || isLiteralStringArg(ctx, path)) continue;
          const what = qualified?.includes('saved_model') ? 'a SavedModel' : 'a native library';
          ctx.report({ ruleId: 'AIS109', range: ctx.rangeOfNode(call), message: `\`${callee.text}\` loads ${what} from a path that is not fixed in the code; load only pinned, verified files.${modelFileNote(ctx, path)}` });
          continue;
        }
        if (callee.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'register_custom_ops_library') continue;
        const receiver = callee.childForFieldName('object');
        const made = receiver ? receiverConstructor(ctx, receiver) : undefined;
        if (made !== undefined && !made.startsWith('onnxruntime.')) continue;
        if (made === undefined && !/^\s*(import|from)\s+onnxruntime\b/m.test(ctx.text)) continue;
        const path = scope.argument(call, 0, 'library_path');
        if (!path || isLiteralStringArg(ctx, path)) continue;
        ctx.report({ ruleId: 'AIS109', range: ctx.rangeOfNode(call), data: { callee: callee.text, what: 'a custom-op library' } });
      }
    },
  },
);
