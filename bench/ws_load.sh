#!/usr/bin/env bash
# Runs bench/ws_load.ts with the open-file limit raised as far as this machine allows: every
# WebSocket is a file descriptor in the server and in a client worker. On this machine the hard
# limit is 20,000 per process (a container without CAP_SYS_RESOURCE cannot raise it), which
# caps one server process at ~19,900 sockets; the script says so instead of failing later.
set -euo pipefail
cd "$(dirname "$0")/.."
hard=$(ulimit -Hn)
want=200000
if [ "$hard" != "unlimited" ] && [ "$hard" -lt "$want" ]; then
  echo "ws_load.sh: open-file hard limit is $hard (wanted $want): one process holds at most" \
    "~$((hard - 100)) sockets" >&2
  want=$hard
fi
ulimit -n "$want"
echo "ws_load.sh: ulimit -n $(ulimit -n); ephemeral ports $(tr '\t' '-' < /proc/sys/net/ipv4/ip_local_port_range)" >&2
exec deno run -A bench/ws_load.ts "$@"
