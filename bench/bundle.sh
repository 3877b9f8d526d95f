#!/usr/bin/env bash
# Bundles the Node benchmark runner into ONE file, bench/dist/node-bench.mjs, plus Dawn's
# dawn.node for linux-x64 beside it (where the bundled `webgpu` package looks for it) and the
# tfjs wasm binaries in bench/dist/wasm/, so the folder bench/dist/ can be carried to a GPU
# machine (Node >= 20, a Vulkan driver) and run:
#   node bench/dist/node-bench.mjs --quick
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/dist
rm -rf "$OUT/node-bench.mjs" "$OUT/dist" "$OUT/wasm"
mkdir -p "$OUT/dist/linux-x64"
npx esbuild bench/nodeMain.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$OUT/node-bench.mjs" --log-level=warning \
  --banner:js="import { createRequire as __mtlCreateRequire } from 'node:module'; import { fileURLToPath as __mtlPath } from 'node:url'; import { dirname as __mtlDir } from 'node:path'; const require = __mtlCreateRequire(import.meta.url); const __filename = __mtlPath(import.meta.url); const __dirname = __mtlDir(__filename);"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$OUT/dist/linux-x64/"
mkdir -p "$OUT/wasm"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$OUT/wasm/"
du -sh "$OUT/node-bench.mjs" "$OUT/dist" "$OUT/wasm"
