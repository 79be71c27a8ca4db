#!/usr/bin/env bash
# Checks the TextMate grammar in editors/ against the mapping files of the repository, with
# the engine VS Code uses. Needs Node.js 18+ and npm (the packages come from the npm registry).
set -euo pipefail
cd "$(dirname "$0")"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: the editor grammar test needs \`$tool\` (Node.js 18 or later); install Node.js" \
      "or run the Rust tests alone with \`cargo test\`" >&2
    exit 1
  fi
done
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'; then
  echo "error: the editor grammar test needs Node.js 18 or later, found $(node --version)" >&2
  exit 1
fi

# Install the pinned packages once, and again when package-lock.json changes.
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json 2>/dev/null; then
  echo "Installing the editor grammar test packages in editors/test/node_modules" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  cp package-lock.json node_modules/.installed-package-lock.json
fi

node tokenize.mjs
