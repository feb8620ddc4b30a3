/**
 * AIS111 msgpack-numpy-load: msgpack_numpy decodes object arrays with pickle, so unpacking untrusted
 * msgpack data with it runs code.
 */
import { defineRule } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';

const UNPACKERS = /^(msgpack|msgpack_numpy|ormsgpack)\.(unpackb|unpack|loads|load|Unpacker)$/;

export default defineRule(
  {
    id: 'AIS111',
    name: 'msgpack-numpy-load',
    title: 'msgpack_numpy decodes object arrays with pickle',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '{{what}}: msgpack_numpy unpickles object arrays while decoding, so untrusted msgpack data can run code.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `msgpack_numpy.patch()` (which makes every later `msgpack` unpack decode NumPy arrays), the unpack functions of `msgpack_numpy` (`m.unpackb`, `m.loads`, ...), and `msgpack` unpack calls with `object_hook=msgpack_numpy.decode`.',
      whyIsThisBad: 'msgpack_numpy stores arrays of dtype `object` as pickles and calls `pickle.loads` on them when decoding. Data received from a socket, a queue or a file written by someone else can therefore run code.',
      example: 'import msgpack\nimport msgpack_numpy as m\n\nm.patch()\nobj = msgpack.unpackb(payload)\n',
      useInstead: 'import msgpack\n\nobj = msgpack.unpackb(payload)  # plain msgpack; send arrays as raw bytes plus dtype and shape\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://github.com/lebedov/msgpack-numpy'],
    },
  },
  {
    kind: 'ast',
    keywords: ['msgpack_numpy'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified) continue;
        if (qualified === 'msgpack_numpy.patch') {
          ctx.report({ ruleId: 'AIS111', range: ctx.rangeOfNode(call), data: { what: `\`${callee.text}()\` makes every later msgpack unpack decode NumPy arrays` } });
          continue;
        }
        if (!UNPACKERS.test(qualified)) continue;
        const hook = scope.argument(call, undefined, 'object_hook');
        const hookName = hook ? scope.qualifiedName(hook) : undefined;
        if (qualified.startsWith('msgpack_numpy.') || hookName?.startsWith('msgpack_numpy.')) {
          ctx.report({ ruleId: 'AIS111', range: ctx.rangeOfNode(call), data: { what: `\`${callee.text}\` decodes with msgpack_numpy` } });
        }
      }
    },
  },
);
