#!/usr/bin/env bash
# Install what the lab and the test suite need on a Debian/Ubuntu controller,
# reusing whatever is already there. Safe to run again.
#   scripts/bootstrap.sh venv     Python virtual environment with the pinned toolchain: requirements.txt
#                                 (ansible-core 2.21) on Python >= 3.12, requirements-py311.txt where
#                                 the controller has Python 3.11 only
#   scripts/bootstrap.sh line NAME PYTHON REQUIREMENTS
#                                 .build/venv-NAME with another ansible-core line (sanity and units)
#   scripts/bootstrap.sh engine   a Docker engine that answers `docker info`
#   scripts/bootstrap.sh artefacts  offline install artefacts for the lab (Consul .deb, Registrator, classic Swarm)
#   scripts/bootstrap.sh all      all of them
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

log() { printf '==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  # A fresh machine has no package lists yet; refresh them at most once per run.
  if [ -z "${_APT_UPDATED:-}" ]; then as_root apt-get update -qq; _APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# find_python X.Y: the path of a working Python X.Y (on PATH, or installed by pyenv), or nothing.
find_python() {
  local want=$1 candidate
  for candidate in "python$want" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$want".*/bin/"python$want"; do
    # pyenv's shims exist for every installed version but fail outside a pyenv shell.
    if "$candidate" -c 'import sys, venv' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 0
}

# make_venv DIR REQUIREMENTS PYTHON: a virtual environment with exactly these pins, on that Python.
make_venv() {
  local venv=$1 requirements=$2 python=$3
  local stamp="$venv/.requirements.sha256"
  local want
  want="$(sha256sum "$requirements" | cut -d' ' -f1) $("$python" -c 'import sys; print(sys.version.split()[0])')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "virtual environment $venv is up to date"
    return 0
  fi
  # Another Python (or a venv from before the stamp said which): made again from nothing.
  if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')" != "${want#* }" ]; then
    log "virtual environment $venv runs another Python; making it again with $python"
    rm -rf "$venv"
  fi
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" || {
    apt_install python3-venv && "$python" -m venv "$venv"
  }
  log "installing $requirements into $venv ($python)"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
  echo "$want" >"$stamp"
}

ensure_venv() {
  # ansible-test sanity lints the shell scripts with ShellCheck.
  command -v shellcheck >/dev/null 2>&1 || apt_install shellcheck
  local python
  python=$(find_python 3.13)
  [ -n "$python" ] || python=$(find_python 3.12)
  if [ -n "$python" ]; then
    make_venv "$VENV" requirements.txt "$python"
  else
    log "no Python 3.12 or later on this controller: $VENV gets requirements-py311.txt (ansible-core 2.19, the newest line Python 3.11 runs); install Python 3.12+ for ansible-core 2.21"
    make_venv "$VENV" requirements-py311.txt python3
  fi
}

# ensure_line NAME X.Y REQUIREMENTS: the ansible-core of REQUIREMENTS on Python X.Y in
# .build/venv-NAME, for the sanity and unit tests of that line. ansible-test needs
# ansible-core alone: an `ansible==` pin (the import scenario's operator) is left out.
ensure_line() {
  local name=$1 version=$2 requirements=$3 python
  python=$(find_python "$version")
  if [ -z "$python" ]; then
    if [ "${CI:-}" = "true" ]; then
      echo "ERROR: ansible-core line $name needs Python $version, which this machine does not have" >&2
      exit 1
    fi
    log "WARNING: no Python $version here: the sanity and unit tests skip ansible-core line $name"
    return 0
  fi
  mkdir -p .build
  grep -v '^ansible==' "$requirements" >".build/requirements-$name.txt"
  make_venv ".build/venv-$name" ".build/requirements-$name.txt" "$python"
}

engine_answers() { timeout 20 docker info >/dev/null 2>&1; }

ensure_engine() {
  # What the lab builds its node images with offline, and the venv module the import
  # scenario's operator uses: installed here, before scenarios that run side by side
  # could wait on each other's apt lock.
  apt_install debootstrap python3-venv
  if engine_answers; then
    log "Docker engine answers"
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  if [ -d /run/systemd/system ]; then
    log "starting docker.service"
    as_root systemctl enable --now docker.service
  else
    # No systemd as PID 1 (containers, some CI VMs): run dockerd in the background.
    log "starting dockerd in the background (log: /var/log/dockerd.log)"
    as_root sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
  fi
  for _ in $(seq 1 60); do
    engine_answers && { log "Docker engine answers"; return 0; }
    sleep 1
  done
  echo "ERROR: the Docker engine did not answer within 60 s; see /var/log/dockerd.log or 'journalctl -u docker'" >&2
  exit 1
}

# Consul is not in bookworm; Debian's bullseye suite has 1.8.7. Download the pinned .deb
# with a private apt configuration (the machine's own sources stay as they are); apt checks
# it against the suite's signed index.
CONSUL_DEB_VERSION=${CONSUL_DEB_VERSION:-1.8.7+dfsg1-2+b3}
ARTEFACTS=${ARTEFACTS:-.build/artefacts}

ensure_artefacts() {
  local deb="$ARTEFACTS/consul_${CONSUL_DEB_VERSION}_amd64.deb"
  if [ -s "$deb" ]; then
    log "Consul artefact $deb is there"
    return 0
  fi
  local apt_dir
  apt_dir=$(mktemp -d)
  mkdir -p "$apt_dir/lists/partial" "$ARTEFACTS"
  echo "deb http://deb.debian.org/debian bullseye main" >"$apt_dir/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$apt_dir/lists" -o APT::Sandbox::User=root)
  log "downloading consul $CONSUL_DEB_VERSION from Debian bullseye into $ARTEFACTS"
  apt-get "${opts[@]}" update -qq
  (cd "$ARTEFACTS" && apt-get "${opts[@]}" download -qq "consul=$CONSUL_DEB_VERSION")
  rm -rf "$apt_dir"
  [ -s "$deb" ] || { echo "ERROR: $deb was not downloaded" >&2; exit 1; }
}

# Registrator has no package. The lab builds the maintained fork from its Go module at a
# pinned commit (its v9 tags are not module versions); where the Go module proxy does not
# serve it, from a source tarball of that commit named by FLOTILLA_REGISTRATOR_SRC, checked
# against the pinned sha256. Without either the lab runs without Registrator (a warning), and
# under CI=true that is an error: the test suite must exercise Registrator.
REGISTRATOR_MODULE=${REGISTRATOR_MODULE:-github.com/fayrus/registrator}
REGISTRATOR_COMMIT=${REGISTRATOR_COMMIT:-f8d7f8ca66ee03f001d0d22d1a224a94019681ba}
REGISTRATOR_SRC_SHA256=${REGISTRATOR_SRC_SHA256:-a89ae0df1c03d167448194c9da7a7f1831637a8a8431e964262a49cabf6a71ac}
# The module's go.mod asks for this Go release; older toolchains refuse to build it.
REGISTRATOR_GO_MIN=${REGISTRATOR_GO_MIN:-1.26}

registrator_missing() {
  if [ "${CI:-}" = "true" ]; then
    echo "ERROR: $*" >&2
    exit 1
  fi
  log "WARNING: $*; the lab runs without Registrator"
}

go_new_enough() {
  local have
  have=$(go env GOVERSION 2>/dev/null | sed -n 's/^go\([0-9]*\.[0-9]*\).*/\1/p')
  [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$REGISTRATOR_GO_MIN" "$have" | sort -V | head -n1)" = "$REGISTRATOR_GO_MIN" ]
}

build_registrator_from_source() {
  local src=$1 out=$2 sum work
  sum=$(sha256sum "$src" | cut -d' ' -f1)
  if [ "$sum" != "$REGISTRATOR_SRC_SHA256" ]; then
    echo "ERROR: $src has sha256 $sum, not the pinned $REGISTRATOR_SRC_SHA256 (registrator at $REGISTRATOR_COMMIT); refusing to build it" >&2
    exit 1
  fi
  work=$(mktemp -d)
  tar -xzf "$src" -C "$work"
  log "building Registrator from $src"
  local rc=0
  (cd "$work/registrator" && CGO_ENABLED=0 go build -trimpath -o "$out" .) >>"$ARTEFACTS/registrator-build.log" 2>&1 || rc=$?
  rm -rf "$work"
  return $rc
}

ensure_registrator() {
  local bin="$ARTEFACTS/registrator"
  if [ -x "$bin" ]; then
    log "Registrator artefact $bin is there"
    return 0
  fi
  # The upstream tarball installs into /usr/local/go, which non-login shells may not have on PATH.
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
    PATH=$PATH:/usr/local/go/bin
  fi
  if ! command -v go >/dev/null 2>&1; then
    registrator_missing "no Go toolchain to build Registrator: install Go >= $REGISTRATOR_GO_MIN (e.g. from go.dev/dl, or your distribution's golang package where it is new enough)"
    return 0
  fi
  if ! go_new_enough; then
    registrator_missing "Registrator needs Go >= $REGISTRATOR_GO_MIN (its go.mod), this machine has $(go env GOVERSION): install a newer Go"
    return 0
  fi
  local abs_artefacts
  abs_artefacts=$(cd "$ARTEFACTS" && pwd)
  : >"$ARTEFACTS/registrator-build.log"
  log "building $REGISTRATOR_MODULE@$REGISTRATOR_COMMIT"
  if CGO_ENABLED=0 GOBIN="$abs_artefacts" go install "$REGISTRATOR_MODULE@$REGISTRATOR_COMMIT" >>"$ARTEFACTS/registrator-build.log" 2>&1; then
    return 0
  fi
  log "the Go module proxy does not serve $REGISTRATOR_MODULE@$REGISTRATOR_COMMIT"
  sed 's/^/    /' "$ARTEFACTS/registrator-build.log" | head -3
  if [ -z "${FLOTILLA_REGISTRATOR_SRC:-}" ]; then
    registrator_missing "Registrator could not be built: set FLOTILLA_REGISTRATOR_SRC to a source tarball of $REGISTRATOR_MODULE at $REGISTRATOR_COMMIT (git archive, top folder registrator/, sha256 $REGISTRATOR_SRC_SHA256)"
    return 0
  fi
  if [ ! -f "$FLOTILLA_REGISTRATOR_SRC" ]; then
    registrator_missing "FLOTILLA_REGISTRATOR_SRC=$FLOTILLA_REGISTRATOR_SRC does not exist"
    return 0
  fi
  if ! build_registrator_from_source "$FLOTILLA_REGISTRATOR_SRC" "$abs_artefacts/registrator"; then
    sed 's/^/    /' "$ARTEFACTS/registrator-build.log" | tail -5
    registrator_missing "Registrator did not build from $FLOTILLA_REGISTRATOR_SRC (see $ARTEFACTS/registrator-build.log)"
    return 0
  fi
  log "built $bin"
}

# Classic Swarm (docker/classicswarm v1.2.9, archived upstream in 2020) has no release binary or
# image reachable here. It is built from a source tarball of that tag named by
# FLOTILLA_CLASSICSWARM_SRC, checked against the pinned sha256, with Go 1.21 or older (Go 1.22+
# rejects its vendored codec at start): Debian bookworm's golang-1.19-go, installed where missing.
# Without the tarball the lab has no classic Swarm (a warning); under CI=true that is an error.
CLASSICSWARM_COMMIT=${CLASSICSWARM_COMMIT:-527a849cc6b8297690f478905083fc77951da2a7}
CLASSICSWARM_SRC_SHA256=${CLASSICSWARM_SRC_SHA256:-c5e5962b6a48fc2df4bf36c731e6c5f1afdff3a43a6f475b991bd3ae28164b53}
CLASSICSWARM_GO=${CLASSICSWARM_GO:-/usr/lib/go-1.19/bin/go}

classicswarm_missing() {
  if [ "${CI:-}" = "true" ]; then
    echo "ERROR: $*" >&2
    exit 1
  fi
  log "WARNING: $*; the lab has no classic Swarm (flotilla_classic_swarm)"
}

ensure_classicswarm() {
  local bin="$ARTEFACTS/swarm-classic"
  if [ -x "$bin" ]; then
    log "classic Swarm artefact $bin is there"
    return 0
  fi
  local src=${FLOTILLA_CLASSICSWARM_SRC:-}
  if [ -z "$src" ] || [ ! -f "$src" ]; then
    classicswarm_missing "no classic Swarm source: set FLOTILLA_CLASSICSWARM_SRC to a source tarball of docker/classicswarm at $CLASSICSWARM_COMMIT (git archive, top folder classicswarm-${CLASSICSWARM_COMMIT:0:8}/, sha256 $CLASSICSWARM_SRC_SHA256)"
    return 0
  fi
  local sum
  sum=$(sha256sum "$src" | cut -d' ' -f1)
  if [ "$sum" != "$CLASSICSWARM_SRC_SHA256" ]; then
    echo "ERROR: $src has sha256 $sum, not the pinned $CLASSICSWARM_SRC_SHA256 (classic Swarm at $CLASSICSWARM_COMMIT); refusing to build it" >&2
    exit 1
  fi
  if [ ! -x "$CLASSICSWARM_GO" ]; then
    log "installing golang-1.19-go (classic Swarm needs Go 1.21 or older)"
    as_root apt-get install -y -qq golang-1.19-go >/dev/null
  fi
  mkdir -p "$ARTEFACTS"
  local abs_artefacts work rc=0
  abs_artefacts=$(cd "$ARTEFACTS" && pwd)
  work=$(mktemp -d)
  mkdir -p "$work/src/github.com/docker"
  tar -xzf "$src" -C "$work/src/github.com/docker"
  mv "$work/src/github.com/docker/classicswarm-${CLASSICSWARM_COMMIT:0:8}" "$work/src/github.com/docker/swarm"
  log "building classic Swarm from $src"
  (cd "$work/src/github.com/docker/swarm" &&
   GOPATH=$work GOCACHE=$work/cache GO111MODULE=off CGO_ENABLED=0 GOPROXY=off "$CLASSICSWARM_GO" build -o "$abs_artefacts/swarm-classic" \
     -tags netgo -ldflags "-w -X github.com/docker/swarm/version.GITCOMMIT=${CLASSICSWARM_COMMIT:0:8}") \
    >"$ARTEFACTS/swarm-classic-build.log" 2>&1 || rc=$?
  rm -rf "$work"
  if [ $rc -ne 0 ]; then
    sed 's/^/    /' "$ARTEFACTS/swarm-classic-build.log" | tail -5
    classicswarm_missing "classic Swarm did not build from $src (see $ARTEFACTS/swarm-classic-build.log)"
    return 0
  fi
  log "built $bin: $("$bin" --version)"
}

case "${1:-all}" in
  venv) ensure_venv ;;
  line) ensure_line "${2:?line NAME}" "${3:?Python X.Y}" "${4:?requirements file}" ;;
  engine) ensure_engine ;;
  artefacts) ensure_artefacts; ensure_registrator; ensure_classicswarm ;;
  all) ensure_venv; ensure_engine; ensure_artefacts; ensure_registrator; ensure_classicswarm ;;
  *) echo "usage: $0 [venv|line NAME X.Y REQUIREMENTS|engine|artefacts|all]" >&2; exit 2 ;;
esac
