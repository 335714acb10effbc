#!/usr/bin/env bash
# Build the collection tarball and fail on anything in it that is not part of the
# collection: only the paths below may ship.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
out=.build/package
rm -rf "$out"
mkdir -p "$out"
"$VENV/bin/ansible-galaxy" collection build --force --output-path "$out" . >/dev/null
tarball=$(ls "$out"/flotilla-swarm-*.tar.gz)
tar -tzf "$tarball" | sed 's#^\./##; s#/$##' | sort >"$out/contents.txt"
allowed='^(MANIFEST\.json|FILES\.json|README\.md|COPYING|meta(/runtime\.yml)?|docs(/[a-z_]+\.(md|png))?|playbooks(/[a-z_]+\.yml|/vars|/vars/[a-z_]+\.yml|/templates|/templates/[a-z_]+\.html\.j2)?|plugins(/.*)?|roles(/.*)?|changelogs|changelogs/(changelog|config)\.yaml|changelogs/fragments(/[a-z0-9_-]+\.ya?ml)?|tests|tests/unit(/.*)?)$'
unexpected=$(grep -Ev "$allowed" "$out/contents.txt" || true)
# Caches and secrets have no business anywhere in it, allowed directory or not.
junk=$(grep -E '(__pycache__|\.pyc$|\.pytest_cache|\.swp$|~$|\.pem$|\.key$|\.token$)' "$out/contents.txt" || true)
for required in COPYING README.md meta/runtime.yml plugins/modules/swarm_node.py roles/swarm/meta/argument_specs.yml; do
  grep -qx "$required" "$out/contents.txt" || { echo "ERROR: $tarball lacks $required" >&2; exit 1; }
done
if [ -n "$unexpected$junk" ]; then
  echo "ERROR: $tarball holds files that are not part of the collection:" >&2
  printf '%s\n' "$unexpected" "$junk" | sed '/^$/d' >&2
  exit 1
fi
echo "$tarball: $(wc -l <"$out/contents.txt") entries, $(du -k "$tarball" | cut -f1) KiB, nothing unexpected"
