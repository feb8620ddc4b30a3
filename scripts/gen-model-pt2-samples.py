"""Writes real torch.export archives (.pt2) into test/model-files/real-samples/ with the installed torch (2.x:
Debian trixie's python3-torch 2.6 in a trixie chroot here, since bookworm's 1.13 has no torch.export).

Usage: python3 scripts/gen-model-pt2-samples.py OUT_DIR
- torch-export-benign.pt2: a small Linear + ReLU module with an example input;
- torch-export-cond.pt2: a module with torch.cond, whose branches are subgraphs of the program;
- torch-export-custom-op.pt2: a module calling a custom operator (torch.library.custom_op "aisec_demo::scale"),
  which torch.export.load needs registered by the loading application.
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
    print('torch', torch.__version__)


if __name__ == '__main__':
    main()
