/**
 * Python section: the model file (weights + description) and the lab's CSV layout
 * (x_0..x_{D-1}, task columns, split; empty cell = unlabelled), standardised with the
 * description's featureMean / featureStd exactly as the lab does, switched-off inputs then at 0.
 */
export const PY_DATA = String.raw`
# ============================================================================================
# Model files and data
# ============================================================================================

def read_model_file(path):
    """Weights and description of an MTL Lab safetensors file -> (meta, tensors, metadata)."""
    tensors, metadata = load_safetensors(path)
    if 'mtl_lab' in metadata:
        meta = json.loads(metadata['mtl_lab'])
    else:
        print('warning: %s has no MTL Lab description; using the one embedded in this file' % path,
              file=sys.stderr)
        meta = EMBEDDED_META
        metadata = OrderedDict([('format', 'mtl-lab'), ('schema_version', str(meta['schemaVersion'])),
                                ('mtl_lab', json.dumps(meta, separators=(',', ':'), ensure_ascii=False))])
    expected = [(layer['name'], tuple(layer['shape'])) for layer in meta['layers']]
    found = [(name, tuple(array.shape)) for name, array in tensors.items()]
    if sorted(expected) != sorted(found):
        missing = sorted(set(expected) - set(found))[:3]
        extra = sorted(set(found) - set(expected))[:3]
        raise SystemExit('error: %s does not match its description (missing %s, unexpected %s)'
                         % (path, missing, extra))
    if meta['config']['model'] != EMBEDDED_META['config']['model']:
        print('note: the weights describe a different model than the one embedded in this file; '
              'using the weights file\'s description', file=sys.stderr)
    return meta, tensors, metadata


class Table:
    """One split of the lab's CSV: standardised features x [N, D], labels y [N, T], mask [N, T]."""

    def __init__(self, x, y, mask):
        self.x, self.y, self.mask = x, y, mask

    @property
    def rows(self):
        return self.x.shape[0]


def _column_indices(header, names, fallback, what):
    if all(name in header for name in names):
        return [header.index(name) for name in names]
    if max(fallback, default=-1) >= len(header):
        raise SystemExit('error: the CSV has %d columns; expected the %s columns %s'
                         % (len(header), what, names[:5]))
    return list(fallback)


def _class_index(task, cells):
    """Map label cells to class indices: integers 0..C-1 as they are, otherwise the sorted distinct
    labels (numerically when all are numbers), which is how the lab imports a CSV."""
    classes = 2 if task['kind'] == 'binary' else task['outputs']
    labels = sorted({c for c in cells if c != ''})
    try:
        numbers = {c: float(c) for c in labels}
    except ValueError:
        numbers = None
    if numbers is not None and all(v.is_integer() and 0 <= v < classes for v in numbers.values()):
        return {c: int(v) for c, v in numbers.items()}
    if numbers is not None:
        labels.sort(key=lambda c: numbers[c])
    if len(labels) > classes:
        raise SystemExit('error: task %r has %d distinct labels but the model has %d classes'
                         % (task['name'], len(labels), classes))
    return {c: k for k, c in enumerate(labels)}


def read_table(path, meta, split):
    """Rows of one split ('train', 'test' or 'all') of a CSV in the lab's export layout."""
    with open(path, newline='', encoding='utf-8-sig') as f:
        rows = [r for r in csv.reader(f) if r]
    if not rows:
        raise SystemExit('error: %s is empty' % path)
    header, body = rows[0], rows[1:]
    tasks = meta['tasks']
    D, T = meta['features'], len(tasks)
    features = _column_indices(header, meta['featureNames'], range(D), 'feature')
    labels = _column_indices(header, [t['name'] for t in tasks], range(D, D + T), 'task')
    classes = [None if t['kind'] == 'regression' else _class_index(t, [r[c].strip() for r in body])
               for t, c in zip(tasks, labels)]
    if split != 'all':
        if 'split' not in header:
            raise SystemExit('error: the CSV has no "split" column; use --split all')
        where = header.index('split')
        body = [r for r in body if r[where].strip() == split]
        if not body:
            raise SystemExit('error: the CSV has no rows with split = %s' % split)
    x = np.array([[float(r[c]) for c in features] for r in body], dtype=np.float64).reshape(len(body), D)
    x = (x - np.array(meta['featureMean'])) / np.array(meta['featureStd'])
    # Inputs switched off in the lab (model.inputsOff) are held at their mean, 0 once standardised.
    x[:, list(meta['config']['model'].get('inputsOff', []))] = 0.0
    y = np.zeros((len(body), T), dtype=np.float32)
    mask = np.zeros((len(body), T), dtype=np.float32)
    for t, column in enumerate(labels):
        for i, r in enumerate(body):
            cell = r[column].strip()
            if cell == '':
                continue  # unlabelled: no loss, no metric
            if classes[t] is None:  # regression: trained on the standardised target, if it was
                y[i, t] = (float(cell) - tasks[t].get('labelMean', 0.0)) / tasks[t].get('labelStd', 1.0)
            else:
                y[i, t] = classes[t][cell]
            mask[i, t] = 1.0
    return Table(x.astype(np.float32), y, mask)
`;
