#!/usr/bin/env bash
# Copy the collection as git knows it (tracked, or new and not ignored: no venvs,
# caches, links) to DIR/ansible_collections/flotilla/swarm, the layout ansible-test
# and antsibull-changelog need. Prints that path.
#   scripts/collection_tree.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:?usage: $0 DIR}/ansible_collections/flotilla/swarm
rm -rf "$1"
mkdir -p "$dest"
git ls-files -z --cached --others --exclude-standard \
  | grep -zv '^\.collections/' \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -C "$dest" -xf -
echo "$dest"
