#!/usr/bin/env bash
# Installs (Debian, as root) and starts the Docker Engine when absent. Idempotent; waits
# (bounded) until `docker info` answers.
set -euo pipefail

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "Docker Engine missing; run as root or install docker.io" >&2
    exit 1
  fi
  echo "installing docker.io..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io iproute2 >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  if [ -d /run/systemd/system ]; then
    systemctl start docker
  else
    echo "starting dockerd (log: /tmp/dockerd.log)..." >&2
    setsid dockerd >>/tmp/dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    echo "dockerd did not answer within 60 s; see /tmp/dockerd.log" >&2
    exit 1
  fi
fi
