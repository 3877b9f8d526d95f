/**
 * Python sections that vary per export: the file's docstring (its --help text) and imports at
 * the top; the embedded model description and method defaults at the bottom, before the entry
 * point (module-level names, so functions above may use them).
 */
export interface HeaderInfo {
  fileName: string;
  architecture: string;
  tasks: string;
  method: string;
  /** Pretty JSON of the ModelMeta. */
  metaJson: string;
  /** JSON of the lab's default options per method supported by the file. */
  methodDefaultsJson: string;
  /** Per architecture, the model options it reads (so `info` prints only those). */
  architectureOptionsJson: string;
}

/** JSON as the body of a Python raw triple-quoted string: ' only occurs inside JSON strings,
 *  where \u0027 means the same, so the text cannot close the literal. */
export function pythonRawJson(json: string): string {
  return `r'''${json.replace(/'/g, '\\u0027')}'''`;
}

export function pythonHeader(h: HeaderInfo): string {
  return String.raw`#!/usr/bin/env python3
r"""MTL Lab model: ${h.architecture} for ${h.tasks}, trained with ${h.method}.

One self-contained file: the network as a torch.nn.Module that loads the lab's safetensors
weights, the lab's predictions, and training that continues with the lab's method (LibMTL
conventions), optimizer, learning rate and batch size, on one process or several (torchrun).
Needs Python 3.8+, NumPy and PyTorch 1.13 or newer: pip install torch numpy
(the safetensors package is used when installed; otherwise the file reads and writes it itself).

  python ${h.fileName} info
  python ${h.fileName} predict --weights model.safetensors --data data.csv --split test --out predictions.csv
  python ${h.fileName} train --weights model.safetensors --data data.csv --steps 1000 --out model-2.safetensors
  torchrun --nproc_per_node=2 ${h.fileName} train --weights model.safetensors --data data.csv \
      --steps 1000 --out model-2.safetensors

The CSV is the lab's export (x_0..x_{D-1}, one column per task, split; an empty label cell means
unlabelled); features are standardised with the featureMean / featureStd of the model description,
and the features it lists in config.model.inputsOff (switched off in the lab) are then set to 0.
predict writes one column per task: the regression value, the probability of class 1 (binary) or
the class index (multiclass). train writes a file with the same parameter names and description,
which the lab imports back.

Contents, top to bottom: safetensors reading/writing; model files and the CSV; the network
(LabNet, one forward function per architecture), losses and predictions; the task-balancing
methods; the training loop (including torchrun); the command line; the embedded description.
"""
import argparse
import csv
import json
import math
import os
import struct
import sys
from collections import OrderedDict

import numpy as np

try:
    import torch
    import torch.nn as nn
    _Module = nn.Module
except ImportError:  # --help, info and the safetensors self-test work without PyTorch
    torch = None
    nn = None
    _Module = object
`;
}

/** The embedded description and method defaults, at the end of the file, then the entry point. */
export function pythonEmbedded(h: HeaderInfo): string {
  return String.raw`
# ============================================================================================
# Embedded data
# ============================================================================================

# The description of the exported model: the lab's config, tasks, feature standardisation and
# parameter list (the same JSON the weights file carries in its "mtl_lab" metadata entry, which
# takes precedence when present).
EMBEDDED_META = json.loads(${pythonRawJson(h.metaJson)})

# The lab's default options of the methods this file implements (the run's own options, in the
# description's config.train.methodOptions, override them).
EMBEDDED_METHOD_DEFAULTS = json.loads(${pythonRawJson(h.methodDefaultsJson)})

# Per architecture, the model options it reads; info prints only these.
ARCHITECTURE_OPTIONS = json.loads(${pythonRawJson(h.architectureOptionsJson)})


if __name__ == '__main__':
    main()
`;
}
