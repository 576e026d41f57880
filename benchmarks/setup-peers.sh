#!/usr/bin/env bash
# Installs the engines benchmarks/engines.py measures tdkt against, into benchmarks/peers/ only:
# docxtemplater and easy-template-x from the npm registry, rust-docxtpl from PyPI in its own venv (its
# import name is docxtpl, so it cannot share the project's venv). Does nothing that is already there.
set -euo pipefail
cd "$(dirname "$0")/peers"
command -v npm >/dev/null || { echo "cần Node.js và npm: apt-get install -y nodejs npm" >&2; exit 1; }
[ -d node_modules/easy-template-x ] || npm install --no-audit --no-fund --silent
[ -x .venv-rust/bin/python ] || { python3 -m venv .venv-rust && .venv-rust/bin/pip install -q rust-docxtpl==0.1.2; }
echo "peers ready in $(pwd)"
