#!/usr/bin/env bash
# The changelog a release would generate: every module, plugin and role is in it,
# and no plugin claims a version_added later than galaxy.yml's version.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(cd "${VENV:-.venv}" && pwd)
version=$(sed -n 's/^version: *//p' galaxy.yml)
status=0
while IFS= read -r line; do
  file=${line%%:*}
  added=${line##*version_added: }
  if [ "$(printf '%s\n%s\n' "$added" "$version" | sort -V | tail -1)" != "$version" ]; then
    echo "ERROR: $file has version_added $added, after galaxy.yml's version $version" >&2
    status=1
  fi
done < <(grep -rH '^version_added: ' plugins/ || true)

work=$(scripts/collection_tree.sh .build/changelog)
(cd "$work" && PATH="$VENV/bin:$PATH" "$VENV/bin/antsibull-changelog" release --version "$version" >/dev/null 2>&1) || {
  echo "ERROR: antsibull-changelog release failed; run it in $work to see why" >&2
  exit 1
}
changelog=$work/CHANGELOG.rst
# The filters are what each filter file's FilterModule.filters() returns.
filters=$(cd "$work/../../.." && "$VENV/bin/python" -c '
import glob, importlib, os, sys
sys.path.insert(0, os.getcwd())
for path in sorted(glob.glob("ansible_collections/flotilla/swarm/plugins/filter/*.py")):
    module = importlib.import_module(path[:-3].replace("/", "."))
    if hasattr(module, "FilterModule"):
        print("\n".join(sorted(module.FilterModule().filters())))
')
names=$(
  find plugins/modules plugins/inventory -name '*.py' ! -name '__init__.py' -exec basename {} .py \;
  echo "$filters"
  ls roles
)
for name in $names; do
  grep -q "^- $name - " "$changelog" || { echo "ERROR: $name is not in the changelog of $version" >&2; status=1; }
done
[ "$status" -eq 0 ] && echo "changelog of $version: $(grep -c '^- ' "$changelog") entries; every module, plugin and role is in it"
exit "$status"
