#!/usr/bin/env bash
# Bundles the Node benchmark runner into ONE file, bench/dist/node-bench.mjs, plus Dawn's
# dawn.node for linux-x64 beside it (where the bundled `webgpu` package looks for it), so the
# folder bench/dist/ can be carried to a GPU machine (Node >= 20, a Vulkan driver) and run:
#   node bench/dist/node-bench.mjs --quick
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/dist
rm -rf "$OUT/node-bench.mjs" "$OUT/dist"
mkdir -p "$OUT/dist/linux-x64"
npx esbuild bench/nodeMain.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$OUT/node-bench.mjs" --log-level=warning \
  --banner:js="import { createRequire as __mtlCreateRequire } from 'node:module'; const require = __mtlCreateRequire(import.meta.url);"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$OUT/dist/linux-x64/"
du -sh "$OUT/node-bench.mjs" "$OUT/dist"
