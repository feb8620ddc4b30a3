#!/usr/bin/env python3
"""Writes small model files produced by the real libraries (joblib, numpy, scikit-learn, pandas, h5py, torch, onnx) into
test/model-files/real-samples/, so that the scanner is checked against the exact bytes those libraries
write, not only against the numpy-free fixtures of scripts/gen-model-fixtures.py.

Unlike the fixture generator, this script needs the libraries, so its output is committed and the tests
never run it. Each library section is skipped when the library is missing; the committed samples were
made with Debian bookworm's python3 (joblib 1.2.0, numpy 1.24.2, scikit-learn 1.2.1, pandas 1.5.3, h5py 3.7.0,
python3-torch 1.13.1, python3-onnx 1.12.0) and, for the numpy 2 pickles, numpy 2.4 (see PROVENANCE.md in the output folder).

Usage: python3 scripts/gen-model-real-samples.py [--out DIR] [--only torch,onnx]
"""
import argparse
import io
import json
import os
import pickle

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, '..', 'test', 'model-files', 'real-samples')


class Payload:
    """Unpickling calls os.system('id'): the shape of a malicious model."""

    def __reduce__(self):
        return (os.system, ('id',))


def write(out, name, data):
    with open(os.path.join(out, name), 'wb') as fh:
        fh.write(data)
    print(f'  {name} ({len(data)} bytes)')


def numpy_samples(out):
    import numpy as np
    tag = 'np%s' % np.__version__.split('.')[0]
    data = {'w': np.arange(6, dtype='f4').reshape(2, 3), 's': np.float64(1.5), 'rng': np.random.RandomState(0),
            'names': np.array(['a', 'bb']), 'm': np.ma.array([1, 2], mask=[0, 1])}
    for protocol in (2, 5):
        write(out, f'{tag}-arrays-p{protocol}.pkl', pickle.dumps(data, protocol=protocol))
    buf = io.BytesIO()
    np.save(buf, np.array([{'label': 1}, Payload()], dtype=object), allow_pickle=True)
    write(out, f'{tag}-object-payload.npy', buf.getvalue())
    buf = io.BytesIO()
    np.save(buf, np.zeros((4, 4), dtype='f8'))
    write(out, f'{tag}-float.npy', buf.getvalue())
    buf = io.BytesIO()
    np.savez_compressed(buf, a=np.zeros(16), b=np.arange(5))
    write(out, f'{tag}-arrays.npz', buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, labels=np.array([None, 'x'], dtype=object))
    write(out, f'{tag}-object.npz', buf.getvalue())


def joblib_samples(out):
    import joblib
    import numpy as np
    state = {'coef': np.arange(10, dtype='f8'), 'ids': np.ones((3, 4), dtype='i4'), 'names': np.array(['a', None], dtype=object),
             'rec': np.zeros(2, dtype=[('a', '<f4'), ('b', '<i8')])}
    for name, kwargs, obj in [('joblib-arrays.joblib', {}, state), ('joblib-arrays-zlib.joblib', {'compress': 3}, state),
                              ('joblib-arrays-gzip.joblib', {'compress': ('gzip', 3)}, state),
                              ('joblib-payload.joblib', {}, dict(state, hook=Payload()))]:
        buf = io.BytesIO()
        joblib.dump(obj, buf, **kwargs)
        write(out, name, buf.getvalue())


def sklearn_samples(out):
    import joblib
    import numpy as np
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler
    x = np.random.RandomState(0).rand(30, 3)
    y = (x[:, 0] > 0.5).astype(int)
    models = {
        'sklearn-pipeline.joblib': Pipeline([('log', FunctionTransformer(np.log1p)), ('scale', StandardScaler()), ('clf', LogisticRegression())]).fit(x, y),
        'sklearn-forest.joblib': RandomForestClassifier(n_estimators=2, max_depth=2, random_state=0).fit(x, y),
        'sklearn-knn.joblib': KNeighborsClassifier(n_neighbors=3).fit(x, y),
        'sklearn-tfidf.joblib': TfidfVectorizer().fit(['alpha beta', 'beta gamma']),
    }
    for name, model in models.items():
        buf = io.BytesIO()
        joblib.dump(model, buf)
        write(out, name, buf.getvalue())


def pandas_samples(out):
    import numpy as np
    import pandas as pd
    frame = pd.DataFrame({'n': [1, 2, 3], 's': ['x', 'y', None], 'c': pd.Categorical(['u', 'v', 'u']),
                          't': pd.to_datetime(['2024-01-01', '2024-01-02', None]), 'f': [0.5, 1.5, np.nan]},
                         index=pd.Index(['r1', 'r2', 'r3'], name='rows'))
    series = pd.Series([1, 2], index=pd.date_range('2024-01-01', periods=2, tz='UTC'))
    write(out, 'pandas-frame.pkl', pickle.dumps(frame, protocol=5))
    write(out, 'pandas-series-tz.pkl', pickle.dumps(series, protocol=4))


def h5py_samples(out):
    import h5py
    import numpy as np

    def config(with_lambda):
        layers = [{'class_name': 'Dense', 'config': {'name': 'dense', 'units': 2}}]
        if with_lambda:
            layers.append({'class_name': 'Lambda', 'config': {'name': 'scale', 'function': ['4wEAAAAAAAAA', None, None], 'function_type': 'lambda'}})
        return {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': layers}}

    for name, with_lambda, as_bytes in [('h5py-lambda-fixed-string.h5', True, True), ('h5py-lambda-vlen-string.h5', True, False),
                                        ('h5py-dense.h5', False, True)]:
        path = os.path.join(out, name)
        with h5py.File(path, 'w') as f:
            f.create_group('model_weights').create_dataset('kernel', data=np.arange(8, dtype='f4'))
            text = json.dumps(config(with_lambda))
            f.attrs['model_config'] = text.encode() if as_bytes else text
            f.attrs['keras_version'] = b'2.15.0'
        print(f'  {name} ({os.path.getsize(path)} bytes)')
    with h5py.File(os.path.join(out, 'h5py-weights-only.h5'), 'w') as f:
        f.create_dataset('kernel', data=np.arange(8, dtype='f4'))
    print('  h5py-weights-only.h5')


def torch_samples(out):
    import torch
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model(torch.ones(1, 4)).sum().backward()
    optimizer.step()

    def save(name, obj, **kwargs):
        buf = io.BytesIO()
        torch.save(obj, buf, **kwargs)
        write(out, name, buf.getvalue())

    save('torch-state-dict.pt', model.state_dict())
    save('torch-checkpoint.pt', {'epoch': 3, 'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'loss': 0.25,
                                 'shape': torch.Size([4, 8]), 'dtype': torch.float16, 'mask': torch.zeros(3, dtype=torch.bool)})
    save('torch-parameter.pt', torch.nn.Parameter(torch.arange(6.0)))
    save('torch-legacy.pt', model.state_dict(), _use_new_zipfile_serialization=False)
    save('torch-payload.pt', {'model': model.state_dict(), 'hook': Payload()})
    buf = io.BytesIO()
    torch.jit.save(torch.jit.script(model), buf)
    write(out, 'torch-scripted.pt', buf.getvalue())
    buf = io.BytesIO()
    torch.onnx.export(model, torch.ones(1, 4), buf, input_names=['x'], output_names=['y'])
    write(out, 'torch-export.onnx', buf.getvalue())


def onnx_samples(out):
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from onnx.external_data_helper import set_external_data

    def graph(nodes, initializers, name='g'):
        return helper.make_graph(nodes, name, [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 4])],
                                 [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 4])], initializers)

    def model(g, extra_opsets=()):
        m = helper.make_model(g, producer_name='aisec-real-samples', opset_imports=[helper.make_opsetid('', 13), *extra_opsets])
        m.ir_version = 8
        return m

    weights = numpy_helper.from_array(np.arange(16, dtype='f4').reshape(4, 4), 'w')
    plain = model(graph([helper.make_node('MatMul', ['x', 'w'], ['y'])], [weights]))
    onnx.checker.check_model(plain)
    write(out, 'onnx-matmul.onnx', plain.SerializeToString())
    # Weights saved next to the model by onnx itself: a location inside the folder.
    onnx.save_model(plain, os.path.join(out, 'onnx-external.onnx'), save_as_external_data=True, all_tensors_to_one_file=True,
                    location='onnx-external.onnx.data', size_threshold=0)
    print('  onnx-external.onnx (+ onnx-external.onnx.data)')
    # The CVE-2022-25882 / CVE-2024-27318 shape: a location that climbs out of the model folder.
    escaping = numpy_helper.from_array(np.zeros((4, 4), dtype='f4'), 'w')
    set_external_data(escaping, location='subdir/../../../../etc/passwd', offset=0, length=64)
    escaping.ClearField('raw_data')
    write(out, 'onnx-external-escape.onnx', model(graph([helper.make_node('MatMul', ['x', 'w'], ['y'])], [escaping])).SerializeToString())
    # The same tensor hidden in the else-branch subgraph of an If node.
    hidden = numpy_helper.from_array(np.zeros((4,), dtype='f4'), 'bias')
    set_external_data(hidden, location='/root/.ssh/id_rsa')
    hidden.ClearField('raw_data')
    then_branch = helper.make_graph([helper.make_node('Identity', ['x'], ['t'])], 'then', [], [helper.make_tensor_value_info('t', TensorProto.FLOAT, [1, 4])])
    else_branch = helper.make_graph([helper.make_node('Add', ['x', 'bias'], ['e'])], 'else', [], [helper.make_tensor_value_info('e', TensorProto.FLOAT, [1, 4])], [hidden])
    cond = numpy_helper.from_array(np.array(True), 'cond')
    branching = graph([helper.make_node('If', ['cond'], ['y'], then_branch=then_branch, else_branch=else_branch)], [cond])
    write(out, 'onnx-subgraph-escape.onnx', model(branching).SerializeToString())
    custom = graph([helper.make_node('Decode', ['x'], ['y'], domain='com.example.ops')], [])
    write(out, 'onnx-custom-domain.onnx', model(custom, [helper.make_opsetid('com.example.ops', 1)]).SerializeToString())
    contrib = graph([helper.make_node('FastGelu', ['x'], ['y'], domain='com.microsoft')], [])
    write(out, 'onnx-ort-contrib.onnx', model(contrib, [helper.make_opsetid('com.microsoft', 1)]).SerializeToString())


SECTIONS = {'numpy': numpy_samples, 'joblib': joblib_samples, 'sklearn': sklearn_samples, 'pandas': pandas_samples, 'h5py': h5py_samples,
            'torch': torch_samples, 'onnx': onnx_samples}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default=DEFAULT_OUT)
    parser.add_argument('--only', help='comma-separated sections: ' + ', '.join(SECTIONS))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, section in SECTIONS.items():
        if args.only and name not in args.only.split(','):
            continue
        try:
            section(args.out)
        except ImportError as e:
            print(f'skipped {section.__name__}: {e}')


if __name__ == '__main__':
    main()
