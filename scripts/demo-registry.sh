#!/usr/bin/env bash
# For the README walkthrough: a private registry with password authentication on 127.0.0.1:5000
# (user demo, password demo-password) holding 127.0.0.1:5000/demo/hello:1, a busybox image that
# prints a line every second. Nothing comes from Docker Hub. Idempotent; as root on Debian.
set -euo pipefail
dir=/tmp/nc-demo-registry
mkdir -p "$dir/image"
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
[ -x /bin/busybox ] || need+=(busybox-static)
source "$(dirname "$0")/tools.sh"
install_missing "${need[@]}"
bash "$(dirname "$0")/docker-engine.sh"

if ! curl -s -o /dev/null http://127.0.0.1:5000/v2/; then
  htpasswd -bBc "$dir/htpasswd" demo demo-password >/dev/null 2>&1
  cat > "$dir/config.yml" <<YAML
version: 0.1
storage:
  filesystem:
    rootdirectory: $dir/storage
http:
  addr: 127.0.0.1:5000
auth:
  htpasswd:
    realm: nc-demo
    path: $dir/htpasswd
YAML
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null &
  for _ in $(seq 1 40); do curl -s -o /dev/null http://127.0.0.1:5000/v2/ && break; sleep 0.25; done
fi

cp /bin/busybox "$dir/image/busybox"
cat > "$dir/image/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["/bin/sh", "-c", "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo \"hello from $(hostname), line $i\"; sleep 1; done"]
DOCKERFILE
docker build -q -t 127.0.0.1:5000/demo/hello:1 "$dir/image" >/dev/null 2>&1
echo demo-password | docker login -u demo --password-stdin 127.0.0.1:5000 >/dev/null 2>&1
docker push -q 127.0.0.1:5000/demo/hello:1 >/dev/null
docker logout 127.0.0.1:5000 >/dev/null 2>&1 || true
echo "registry 127.0.0.1:5000 (user demo, password demo-password) has 127.0.0.1:5000/demo/hello:1"
