/**
 * Python section: the command line (predict, train, init, info, and the hidden selftest-safetensors).
 * Only predict and train import PyTorch's functionality, so --help, info and the self-test run
 * with the standard library and NumPy alone.
 */
export const PY_CLI = String.raw`
# ============================================================================================
# Command line
# ============================================================================================

def require_torch():
    if torch is None:
        raise SystemExit('error: this command needs PyTorch (pip install torch numpy)')


def load_net(path, device):
    meta, arrays, _ = read_model_file(path)
    net = LabNet(meta)
    net.load_arrays(arrays)
    if device == 'auto':
        device = 'cuda' if torch.cuda.is_available() else 'cpu'
    return meta, net.to(device).eval(), torch.device(device)


def predict(args):
    """Write one column per task in label units, as the lab's trainer.predict."""
    require_torch()
    meta, net, device = load_net(args.weights, args.device)
    table = read_table(args.data, meta, args.split)
    chunks = []
    with torch.no_grad():
        for start in range(0, table.rows, args.batch_size):
            chunks.append(net(torch.from_numpy(table.x[start:start + args.batch_size]).to(device)))
    columns = predictions(torch.cat(chunks, dim=1), meta['tasks'])
    out = sys.stdout if args.out == '-' else open(args.out, 'w', newline='', encoding='utf-8')
    try:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow([t['name'] for t in meta['tasks']])
        kinds = [t['kind'] for t in meta['tasks']]
        for r in range(table.rows):
            writer.writerow([str(int(c[r])) if k == 'multiclass' else format(float(c[r]), '.9g')
                             for c, k in zip(columns, kinds)])
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out != '-':
        print('wrote %d predictions for %d tasks to %s' % (table.rows, len(columns), args.out))


def init(args):
    """A fresh, untrained model of the embedded description, drawn with its initialisation."""
    require_torch()
    torch.manual_seed(args.seed)
    net = LabNet(EMBEDDED_META)
    metadata = OrderedDict([('format', 'mtl-lab'), ('schema_version', str(EMBEDDED_META['schemaVersion'])),
                            ('mtl_lab', json.dumps(EMBEDDED_META, separators=(',', ':'), ensure_ascii=False))])
    save_safetensors(args.out, net.arrays(), metadata)
    print('wrote a fresh %s model (initialisation %s, torch seed %d) to %s' % (
        net.architecture, net.cfg.get('init', 'he-normal'), args.seed, args.out))


def info(args):
    meta = read_model_file(args.weights)[0] if args.weights else EMBEDDED_META
    model, train_cfg = meta['config']['model'], meta['config']['train']
    shared = sum(int(np.prod(l['shape'])) for l in meta['layers'] if l['shared'])
    total = sum(int(np.prod(l['shape'])) for l in meta['layers'])
    print('architecture   %s' % model['architecture'])
    used = ARCHITECTURE_OPTIONS.get(model['architecture'], list(model))
    print('model config   %s' % json.dumps({k: model[k] for k in used if k in model}))
    print('tasks          %s' % ', '.join('%s (%s%s)' % (t['name'], t['kind'],
          ', %d classes' % t['outputs'] if t['kind'] == 'multiclass' else '') for t in meta['tasks']))
    print('features       %d' % meta['features'])
    print('parameters     %d (%d shared)' % (total, shared))
    print('training       method %s %s, lr %g, batch %d, seed %d' % (
        train_cfg['method'], json.dumps(method_options(meta, train_cfg['method'])),
        train_cfg['learningRate'], train_cfg['batchSize'], train_cfg['weightSeed']))
    print('methods here   %s' % ', '.join(sorted(METHODS)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', metavar='{predict,train,init,info}')
    commands.required = True

    p = commands.add_parser('predict', help='predict every task for the rows of a CSV')
    p.add_argument('--weights', required=True, help='MTL Lab .safetensors file')
    p.add_argument('--data', required=True, help='CSV in the lab\'s export layout')
    p.add_argument('--split', default='test', choices=['train', 'test', 'all'])
    p.add_argument('--out', required=True, help='output CSV (one column per task), or - for stdout')
    p.add_argument('--device', default='auto', help='auto, cpu, cuda, cuda:1, ...')
    p.add_argument('--batch-size', type=int, default=4096, help='rows per forward pass')
    p.set_defaults(run=predict)

    t = commands.add_parser('train', help='continue training with the lab\'s method and optimizer')
    t.add_argument('--weights', required=True, help='MTL Lab .safetensors file to start from')
    t.add_argument('--data', required=True, help='CSV in the lab\'s export layout')
    t.add_argument('--steps', type=int, required=True, help='optimizer steps')
    t.add_argument('--out', required=True, help='output .safetensors (same names and description)')
    t.add_argument('--split', default='train', choices=['train', 'test', 'all'], help='rows to train on')
    t.add_argument('--method', default=None, help='override the method: ' + ', '.join(sorted(METHODS)))
    t.add_argument('--loss-transform', default=None, choices=['none'] + sorted(LOSS_TRANSFORMS),
                   help='stack a loss transform under the method (default: the run\'s)')
    t.add_argument('--procedure', default=None, choices=['none', 'sam', 'fomaml'],
                   help='training procedure around the method (default: the run\'s)')
    t.add_argument('--lr', type=float, default=None, help='override the learning rate')
    t.add_argument('--batch-size', type=int, default=None, help='override the (global) batch size')
    t.add_argument('--seed', type=int, default=None, help='batch order seed (default: the weight seed)')
    t.add_argument('--device', default='auto', help='auto, cpu, cuda, ... (torchrun: cuda:LOCAL_RANK)')
    t.add_argument('--log-every', type=int, default=0, help='print losses every k steps')
    t.set_defaults(run=train)

    n = commands.add_parser('init', help='write a fresh, untrained model drawn with the lab\'s initialisation')
    n.add_argument('--out', required=True, help='output .safetensors')
    n.add_argument('--seed', type=int, default=0, help='torch.manual_seed')
    n.set_defaults(run=init)

    i = commands.add_parser('info', help='describe the model (no PyTorch needed)')
    i.add_argument('--weights', default=None, help='describe this file instead of the embedded model')
    i.set_defaults(run=info)

    s = commands.add_parser('selftest-safetensors')
    s.add_argument('--weights', default=None, help='also check that this file round-trips byte for byte')
    s.set_defaults(run=lambda a: selftest_safetensors(a.weights))

    args = parser.parse_args(argv)
    args.run(args)
`;
