#!/bin/sh
# Counts, once a second until the stop file exists, the service's containers that are
# really running on the nodes (docker ps on each node, not what a manager believes):
# one "running desired" line a sample; desired comes from the first manager that answers.
#   sample_replicas.sh SERVICE OUTFILE STOPFILE MANAGERS NODE...   (MANAGERS: comma-separated)
service=$1 out=$2 stop=$3 managers=$4
shift 4
: >"$out"
desired=
while [ ! -e "$stop" ]; do
  for manager in $(echo "$managers" | tr ',' ' '); do
    replicas=$(timeout 5 docker exec "$manager" docker service ls --filter "name=$service" --format '{{.Replicas}}' 2>/dev/null) \
      && [ -n "$replicas" ] && { desired=$(echo "$replicas" | cut -d/ -f2 | cut -d' ' -f1); break; }
  done
  running=0
  for node in "$@"; do
    count=$(timeout 5 docker exec "$node" docker ps -q --filter "label=com.docker.swarm.service.name=$service" 2>/dev/null | wc -l)
    running=$((running + count))
  done
  [ -n "$desired" ] && echo "$running $desired" >>"$out"
  sleep 1
done
