"""Writes real torch 2.x files into test/model-files/real-samples/: torch.export archives (.pt2) and current
torch.save checkpoints, with the installed torch (Debian trixie's python3-torch 2.6 in a trixie chroot here,
since bookworm's 1.13 has no torch.export).

Usage: python3 scripts/gen-model-pt2-samples.py OUT_DIR
- torch-export-benign.pt2: a small Linear + ReLU module with an example input;
- torch-export-cond.pt2: a module with torch.cond, whose branches are subgraphs of the program;
- torch-export-custom-op.pt2: a module calling a custom operator (torch.library.custom_op "aisec_demo::scale"),
  which torch.export.load needs registered by the loading application;
- torch26-state-dict.pt, torch26-checkpoint.pt (model and AdamW state, epoch, RNG state, a dtype and a device),
  torch26-whole-module.pt (torch.save of the module itself), torch26-exotic-dtypes.pt (float8 and a quantized
  tensor): benign checkpoints as torch 2.6 writes them;
- trixie-sklearn-*.joblib: a scikit-learn 1.4 pipeline, gradient boosting and a fitted HistGradientBoosting model
  dumped with joblib 1.4 (numpy 2.2, CPython 3.13), when scikit-learn is installed.
"""
import os
import sys

import torch


class Small(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 3)

    def forward(self, x):
        return torch.relu(self.linear(x))


class Branching(torch.nn.Module):
    def forward(self, x):
        return torch.cond(x.sum() > 0, lambda t: t.sin(), lambda t: t.cos(), (x,))


@torch.library.custom_op('aisec_demo::scale', mutates_args=())
def scale(x: torch.Tensor, factor: float) -> torch.Tensor:
    return x * factor


@scale.register_fake
def _(x, factor):
    return torch.empty_like(x)


class CustomOp(torch.nn.Module):
    def forward(self, x):
        return scale(x, 2.0)


def main():
    out = sys.argv[1]
    torch.manual_seed(0)
    example = (torch.randn(2, 4),)
    for name, module in [('torch-export-benign.pt2', Small()), ('torch-export-cond.pt2', Branching()), ('torch-export-custom-op.pt2', CustomOp())]:
        program = torch.export.export(module, example)
        torch.export.save(program, os.path.join(out, name))
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.ReLU())
    torch.save(model.state_dict(), os.path.join(out, 'torch26-state-dict.pt'))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    model(torch.randn(5, 4)).sum().backward()
    optimizer.step()
    checkpoint = {'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'epoch': 3, 'rng': torch.get_rng_state(), 'dtype': torch.bfloat16, 'device': torch.device('cpu')}
    torch.save(checkpoint, os.path.join(out, 'torch26-checkpoint.pt'))
    torch.save(model, os.path.join(out, 'torch26-whole-module.pt'))
    exotic = {'w': torch.randn(3, 3).to(torch.float8_e4m3fn), 'q': torch.quantize_per_tensor(torch.randn(4), 0.1, 0, torch.qint8)}
    torch.save(exotic, os.path.join(out, 'torch26-exotic-dtypes.pt'))
    print('torch', torch.__version__)
    write_sklearn(out)


def write_sklearn(out):
    try:
        import joblib
        import numpy
        from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingRegressor
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ImportError:
        return
    rng = numpy.random.default_rng(0)
    x = rng.normal(size=(60, 4))
    y = (x[:, 0] > 0).astype(int)
    joblib.dump(make_pipeline(StandardScaler(), LogisticRegression()).fit(x, y), os.path.join(out, 'trixie-sklearn-pipeline.joblib'))
    joblib.dump(GradientBoostingClassifier(n_estimators=5).fit(x, y), os.path.join(out, 'trixie-sklearn-boosting.joblib'))
    joblib.dump(HistGradientBoostingRegressor(max_iter=5).fit(x, x[:, 1]), os.path.join(out, 'trixie-sklearn-hist-boosting.joblib'), compress=3)


if __name__ == '__main__':
    main()
