#!/usr/bin/env bash
# The bare-shell baseline of `make bench`: what it takes by hand to start N lab
# nodes from the lab's node image and make one swarm of them (one manager, N-1
# workers): N `docker run`, waiting for each node's systemd and engine, one
# `docker swarm init` and N-1 `docker swarm join`. No TLS, labels or checks.
#   scripts/bench/baseline.sh N IMAGE     start them (the caller times this)
#   scripts/bench/baseline.sh clean       remove them
set -euo pipefail
prefix=bench-bare
net=flotilla-bench-bare

if [ "${1:-}" = clean ]; then
  docker ps -aq --filter label=flotilla.bench=bare | xargs -r docker rm -f >/dev/null
  docker volume ls -q --filter label=flotilla.bench=bare | xargs -r docker volume rm >/dev/null
  docker network rm "$net" >/dev/null 2>&1 || true
  exit 0
fi

n=${1:?usage: $0 N IMAGE | clean}
image=${2:?usage: $0 N IMAGE | clean}
docker network create --label flotilla.bench=bare "$net" >/dev/null
# The options the lab_dind role gives its nodes.
for i in $(seq 1 "$n"); do
  docker run -d --name "$prefix-$i" --hostname "$prefix-$i" --network "$net" --label flotilla.bench=bare \
    --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --cgroupns host --tmpfs /run --tmpfs /run/lock -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
    --mount "type=volume,source=$prefix-$i-docker,target=/var/lib/docker,volume-label=flotilla.bench=bare" \
    "$image" >/dev/null
done
for i in $(seq 1 "$n"); do
  # "degraded" (a unit failed) still boots the engine, as in the lab.
  docker exec "$prefix-$i" systemctl is-system-running --wait >/dev/null || true
  until docker exec "$prefix-$i" docker info >/dev/null 2>&1; do sleep 0.2; done
done
addr=$(docker inspect -f "{{ (index .NetworkSettings.Networks \"$net\").IPAddress }}" "$prefix-1")
docker exec "$prefix-1" docker swarm init --advertise-addr "$addr" >/dev/null
token=$(docker exec "$prefix-1" docker swarm join-token -q worker)
for i in $(seq 2 "$n"); do
  docker exec "$prefix-$i" docker swarm join --token "$token" "$addr:2377" >/dev/null
done
ready=$(docker exec "$prefix-1" docker node ls --format '{{.Status}}' | grep -c Ready)
[ "$ready" -eq "$n" ] || { echo "baseline: $ready of $n nodes Ready" >&2; exit 1; }
