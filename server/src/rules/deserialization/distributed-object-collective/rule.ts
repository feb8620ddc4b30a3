/**
 * AIS110 distributed-object-collective: torch.distributed object collectives pickle objects between ranks
 * and unpickle what they receive.
 */
import { defineRule } from '../../../engine/rule';
import { pythonCallsTo } from '../../shared/python-calls';

const COLLECTIVES = new Set(
  ['broadcast_object_list', 'all_gather_object', 'gather_object', 'scatter_object_list', 'recv_object_list'].flatMap((n) => [
    `torch.distributed.${n}`,
    `torch.distributed.distributed_c10d.${n}`,
  ]),
);

export default defineRule(
  {
    id: 'AIS110',
    name: 'distributed-object-collective',
    title: 'torch.distributed object collective unpickles received data',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'info',
    advisory: { findings: 'all', editor: 'hidden', reason: 'Object collectives exchange pickles between the processes of one training job, which trust each other by design.' },
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '`{{callee}}` unpickles objects sent by other ranks; use it only inside a trusted cluster, or send tensors instead.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Reports `torch.distributed.broadcast_object_list`, `all_gather_object`, `gather_object`, `scatter_object_list` and `recv_object_list`.',
      whyIsThisBad: 'These collectives pickle Python objects on the sending rank and unpickle them on the receiving ranks. Any peer that can join the process group (an exposed rendezvous port, a compromised node) can send a pickle that runs code on every rank. PyTorch documents them as unsafe with untrusted peers.',
      example: 'import torch.distributed as dist\n\nobjects = [None]\ndist.broadcast_object_list(objects, src=0)\n',
      useInstead: 'import torch\nimport torch.distributed as dist\n\nbuf = torch.zeros(4)\ndist.broadcast(buf, src=0)  # tensors are sent as raw bytes\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://pytorch.org/docs/stable/distributed.html#object-based-collectives'],
    },
  },
  {
    kind: 'ast',
    keywords: ['object_list', 'gather_object'],
    onFile(ctx) {
      for (const { call, callee } of pythonCallsTo(ctx, COLLECTIVES)) ctx.report({ ruleId: 'AIS110', range: ctx.rangeOfNode(call), data: { callee: callee.text } });
    },
  },
);
