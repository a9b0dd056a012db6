#!/usr/bin/env bash
# Builds FerretDB (a MongoDB-wire server on SQLite) once, into a cache folder, and prints the binary's path.
# Used by the test database, by `npm start` without MONGODB_URI, and by CI. Needs Go and the Go module proxy.
# It builds the small wrapper in tools/ferretdb around FerretDB's embeddable package: FerretDB's own command,
# built with `go install`, panics at start for want of a generated version.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/tools/ferretdb"
stamp="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-12)"
cache="${CONCIERGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/concierge}"
bin="$cache/ferretdb-$stamp/ferretdb"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-ferretdb: Go is not on PATH; install Go, put mongod on PATH, or set MONGODB_URI" >&2
  exit 3
fi
echo "install-ferretdb: building FerretDB once into $(dirname "$bin") (about a minute)" >&2
tmp="$bin.tmp.$$"
mkdir -p "$(dirname "$bin")"
(cd "$src" && go build -trimpath -o "$tmp" .) >&2
mv -f "$tmp" "$bin"
echo "$bin"
