/**
 * Python section: reading and writing safetensors with the standard library and NumPy only, and
 * through the `safetensors` package when it is installed. Byte-compatible with src/core/io's
 * writer, so a lab file read and written back is identical (the hidden self-test checks this).
 * Python source as text: it must contain no backtick and no dollar-brace.
 */
export const PY_SAFETENSORS = String.raw`
# ============================================================================================
# safetensors: an 8-byte little-endian header length N, N bytes of JSON (tensor name ->
# {dtype, shape, data_offsets}, plus "__metadata__": {str: str}) padded with spaces to a
# multiple of 8, then the raw little-endian tensor bytes. The pure-Python reader/writer below
# is used when the safetensors package is absent (or MTL_LAB_PURE_SAFETENSORS=1 is set).
# ============================================================================================

_NUMPY_DTYPES = {
    'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2',
    'I8': 'i1', 'U8': 'u1', 'BOOL': '?',
}


def parse_safetensors(data):
    """safetensors bytes -> (OrderedDict name -> float32 array, in file order; metadata dict)."""
    if len(data) < 8:
        raise ValueError('not a safetensors file: it is shorter than the 8-byte header length')
    (length,) = struct.unpack('<Q', data[:8])
    if 8 + length > len(data):
        raise ValueError('not a safetensors file (or truncated): the header runs past the end')
    header = json.loads(data[8:8 + length].decode('utf-8'), object_pairs_hook=OrderedDict)
    metadata = header.pop('__metadata__', None) or OrderedDict()
    start = 8 + length
    tensors = OrderedDict()
    for name, info in sorted(header.items(), key=lambda item: item[1]['data_offsets'][0]):
        dtype = _NUMPY_DTYPES.get(info['dtype'])
        if dtype is None:
            raise ValueError('tensor %r has dtype %s, which this reader cannot convert' % (name, info['dtype']))
        begin, end = info['data_offsets']
        shape = tuple(info['shape'])
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * np.dtype(dtype).itemsize or start + end > len(data):
            raise ValueError('tensor %r: data_offsets do not match its shape %s' % (name, list(shape)))
        values = np.frombuffer(data, dtype=dtype, count=count, offset=start + begin)
        tensors[name] = values.reshape(shape).astype(np.float32)
    return tensors, metadata


def format_safetensors(tensors, metadata):
    """(name, array) pairs, written as F32 in this order, and a str -> str metadata dict -> bytes."""
    header = OrderedDict()
    if metadata:
        header['__metadata__'] = OrderedDict((str(k), str(v)) for k, v in metadata.items())
    chunks = []
    offset = 0
    for name, array in tensors:
        raw = np.ascontiguousarray(array, dtype='<f4').tobytes()
        shape = [int(d) for d in np.shape(array)]
        header[name] = OrderedDict([('dtype', 'F32'), ('shape', shape), ('data_offsets', [offset, offset + len(raw)])])
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(chunks)


def _safetensors_package():
    """The installed safetensors package, or None (then the pure-Python code above is used)."""
    if os.environ.get('MTL_LAB_PURE_SAFETENSORS') == '1':
        return None
    try:
        import safetensors
        import safetensors.numpy  # noqa: F401  (makes safetensors.numpy.save_file available)
        return safetensors
    except ImportError:
        return None


def load_safetensors(path):
    package = _safetensors_package()
    if package is None:
        with open(path, 'rb') as f:
            return parse_safetensors(f.read())
    with package.safe_open(path, framework='numpy') as f:
        metadata = OrderedDict(f.metadata() or {})
        tensors = OrderedDict((k, np.asarray(f.get_tensor(k), dtype=np.float32)) for k in f.keys())
    return tensors, metadata


def save_safetensors(path, tensors, metadata):
    tensors = [(name, np.ascontiguousarray(a, dtype=np.float32)) for name, a in tensors]
    package = _safetensors_package()
    if package is None:
        with open(path, 'wb') as f:
            f.write(format_safetensors(tensors, metadata))
    else:
        package.numpy.save_file(OrderedDict(tensors), path, metadata=dict(metadata))


def selftest_safetensors(weights=None):
    """Round-trips made-up tensors (and the given lab file, byte for byte) through the pure code."""
    rng = np.random.default_rng(0)
    made_up = [
        ('a/0/kernel', rng.standard_normal((3, 4)).astype(np.float32)),
        ('scalar', np.array(2.5, dtype=np.float32)),
        ('empty', np.zeros((0, 4), dtype=np.float32)),
        ('tiny', np.array([1e-40, -0.0, 3.4e38], dtype=np.float32)),
    ]
    metadata = OrderedDict([('format', 'mtl-lab'), ('note', 'quote " backslash \\ unicode \u00e9\u2713')])
    data = format_safetensors(made_up, metadata)
    tensors, meta_back = parse_safetensors(data)
    assert list(tensors) == [n for n, _ in made_up], 'names or order changed'
    for name, array in made_up:
        assert tensors[name].shape == array.shape, name
        assert tensors[name].tobytes() == array.tobytes(), name
    assert meta_back == metadata, 'metadata changed'
    assert (8 + struct.unpack('<Q', data[:8])[0]) % 8 == 0, 'data section not 8-byte aligned'
    checked = 'made-up tensors'
    if weights:
        with open(weights, 'rb') as f:
            original = f.read()
        tensors, metadata = parse_safetensors(original)
        again = format_safetensors(list(tensors.items()), metadata)
        assert again == original, 'writing the file back did not reproduce its bytes'
        checked += ' and %s (%d tensors, byte-identical)' % (weights, len(tensors))
    print('safetensors self-test passed: ' + checked)
`;
