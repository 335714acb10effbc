#!/usr/bin/env bash
# Run `ansible-test sanity` or `ansible-test units` on a copy of the collection at
# the path layout it requires (ansible_collections/flotilla/swarm), with the
# ansible-core of $VENV (default .venv):
#   scripts/ansible_test.sh sanity|units [ansible-test options]
set -euo pipefail
command=${1:?usage: $0 sanity|units [options]}
shift
cd "$(dirname "$0")/.."
VENV=$(cd "${VENV:-.venv}" && pwd)
PY_VERSION=$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')

# ansible-test bootstraps pip in its test virtual environments with a downloaded
# get-pip script of the pip version it pins (24.2 for 2.18/2.19, 25.2 for 2.20+);
# offline, a stand-in under that name that uses the interpreter's own ensurepip.
pip_version=$("$VENV/bin/python" -c '
import sys, types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version="%d.%d" % sys.version_info[:2]))["pip"])')
cache=~/.ansible/test/cache
mkdir -p "$cache"
cat >"$cache/get_pip_${pip_version//./_}.py" <<'PY'
# Offline stand-in for get-pip.py: ensurepip, then pip installs the requested
# pip version. get-pip's own --no-setuptools/--no-wheel are not pip options.
import os, subprocess, sys
env = dict(os.environ)
env.pop("PIP_CONFIG_FILE", None)
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"], env=env)
subprocess.check_call([sys.executable, "-m", "pip", "install"] + args, env=env)
PY

dest=$(scripts/collection_tree.sh ".build/ansible-test/$(basename "$VENV")")
cd "$dest"
git init -q && git add -A  # ansible-test lists the collection's files through git
exec "$VENV/bin/ansible-test" "$command" --venv --python "$PY_VERSION" --color no "$@"
