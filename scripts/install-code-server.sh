#!/usr/bin/env bash
# Installs code-server (VS Code in the browser, with a real Node extension host) into
# .cache/code-server/, apart from the extension's own dependencies, for the editor tests.
# Idempotent: does nothing when the pinned version is already there.
# Needs Debian's ripgrep and libkrb5-dev (see ../shared/EDITOR-TESTS.md); downloads only from npm.
set -euo pipefail

VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${CODE_SERVER_DIR:-$ROOT/.cache/code-server}"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"
STAMP="$DIR/installed-$VERSION"

if [[ -f "$STAMP" && -f "$ENTRY" ]]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != 20 ]]; then
  echo "code-server $VERSION needs Node 20 (found $(node --version))" >&2
  exit 1
fi
for cmd in rg chromium; do
  command -v "$cmd" >/dev/null || { echo "missing '$cmd': apt-get install -y ripgrep chromium libkrb5-dev" >&2; exit 1; }
done

# @vscode/ripgrep's postinstall would fetch rg from GitHub; it uses a cached archive when one exists,
# so hand it Debian's rg in the archive it expects.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -f "$RG_TGZ" ]]; then
  mkdir -p "$RG_CACHE"
  tar -czf "$RG_TGZ" -C "$(dirname "$(readlink -f "$(command -v rg)")")" rg
fi

[[ "$DIR" == */code-server ]] || { echo "refusing to install into '$DIR' (must end in /code-server)" >&2; exit 1; }
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"

# npm 11 runs a dependency's install scripts only when they are allowed. This folder's package.json
# allows code-server's (and argon2's). code-server's postinstall runs nested `npm install`s in
# lib/vscode and lib/vscode/extensions: those read the project .npmrc of their folder, so install
# without scripts first, write those two files, then rebuild. (An `allow-scripts` in a user npmrc
# would be exported to the nested npm as an environment variable, which npm rejects in a
# project-scoped install.)
TOP='code-server,argon2'
NESTED='@vscode/ripgrep,node-pty,kerberos,@parcel/watcher,@vscode/spdlog,native-watchdog,@vscode/deviceid,esbuild'
policy="$(echo "$TOP" | tr ',' '\n' | sed 's/.*/"&": true/' | paste -sd, -)"
cat >package.json <<EOF
{
  "name": "go-oom-lens-code-server",
  "private": true,
  "description": "code-server for the editor tests (scripts/install-code-server.sh); not part of the extension",
  "allowScripts": { $policy }
}
EOF

echo "installing code-server $VERSION into $DIR"
start=$SECONDS
# unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty runs `npx node-gyp`.
export npm_config_unsafe_perm=true npm_config_yes=true
npm install --no-audit --no-fund --save-exact --ignore-scripts "code-server@$VERSION" 2>&1 | tee install.log
VS="$DIR/node_modules/code-server/lib/vscode"
for d in "$VS" "$VS/extensions"; do
  echo "allow-scripts=$NESTED" >>"$d/.npmrc"
done
npm rebuild --no-audit --no-fund 2>&1 | tee -a install.log

# npm can end with 0 after skipping a script: check what the postinstall must have produced.
for f in "$ENTRY" "$VS/node_modules/node-pty/build/Release/pty.node" "$VS/node_modules/@vscode/ripgrep/bin/rg" \
  "$VS/node_modules/kerberos/build/Release/kerberos.node" "$VS/node_modules.asar"; do
  [[ -e "$f" ]] || { echo "code-server install incomplete: $f is missing (see $DIR/install.log)" >&2; exit 1; }
done
if grep -q "not yet covered by allowScripts" install.log; then
  echo "note: npm skipped install scripts of packages not listed above (see $DIR/install.log)" >&2
fi
touch "$STAMP"
echo "code-server $VERSION installed in $((SECONDS - start)) s"
