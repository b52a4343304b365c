#!/usr/bin/env bash
# Builds FerretDB, the MongoDB-compatible server the Mongo tests fall back to when no mongod is
# installed, into <repo>/.cache/bin/ferretdb. A binary that already reports the wanted version is
# kept, so a second run costs one `ferretdb --version`.
#
# Why not a plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: the binary it
# produces panics at start, because FerretDB reads its own version from a generated file,
# build/version/version.txt, that the published module does not contain. So the module source is
# copied out of the Go module cache, the file is written, and the copy is built with `go build`.
set -euo pipefail

version=v1.24.2
module=github.com/FerretDB/FerretDB

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin_dir="$repo/.cache/bin"
binary="$bin_dir/ferretdb"

installed_version() {
  # A broken binary panics instead of printing; that counts as "no version".
  "$binary" --version 2>/dev/null | sed -n 's/^version: *//p' || true
}

if [[ -x "$binary" && "$(installed_version)" == "$version" ]]; then
  echo "ferretdb $version already built: $binary"
  exit 0
fi

if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null; then
  echo "build-ferretdb: Go is needed to build FerretDB and was not found on PATH" >&2
  exit 1
fi

echo "building ferretdb $version into $binary"
started=$SECONDS

# `go mod download` fetches the module through the module proxy and prints where it unpacked it.
src=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [[ -z "$src" || ! -d "$src" ]]; then
  echo "build-ferretdb: could not locate the downloaded $module@$version source" >&2
  exit 1
fi

# A folder of its own per run, so that two builds at once do not mix their files.
mkdir -p "$bin_dir"
work=$(mktemp -d "$repo/.cache/ferretdb-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
echo "$version" >"$work/build/version/version.txt"

# -buildvcs=false: the copy sits inside this repository's git tree, whose commit is not FerretDB's.
(cd "$work" && go build -buildvcs=false -o "$work/ferretdb.bin" ./cmd/ferretdb)
# Moved into place whole, so a running FerretDB keeps its file and no one sees half a binary.
mv -f "$work/ferretdb.bin" "$binary"

built=$(installed_version)
if [[ "$built" != "$version" ]]; then
  echo "build-ferretdb: built binary reports version '$built', expected $version" >&2
  exit 1
fi
echo "ferretdb $version built in $((SECONDS - started)) s: $binary"
