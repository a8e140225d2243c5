#!/usr/bin/env bash
# A 3-node RabbitMQ cluster on this machine, for the cluster test (tests/Reliability.Tests) and the soak
# (deploy/soak/soak.sh). Never touches the shared node rabbit@<host> on 5672: the nodes have their own
# names, AMQP and distribution ports, no management plugin, and their data, logs, plugins file and Erlang
# cookie (HOME/.erlang.cookie, shared by the three nodes and the CLI tools) under DIR.
#
#   rabbitmq-cluster.sh start   DIR NAME AMQP1,AMQP2,AMQP3 DIST1,DIST2,DIST3
#                               starts the nodes NAME-1@localhost … NAME-3@localhost in parallel, joins 2
#                               and 3 to 1, waits until all three run, writes DIR/cluster.env; on any
#                               failure it stops what it started and exits non-zero
#   rabbitmq-cluster.sh kill    DIR N     kill -9 of node N's Erlang VM (beam), no goodbye to its peers
#   rabbitmq-cluster.sh restart DIR N     starts node N again (it rejoins the cluster) and waits for it
#   rabbitmq-cluster.sh ctl     DIR N ARGS…   rabbitmqctl against node N
#   rabbitmq-cluster.sh stop    DIR       stops every node (kill -9 after 30 s), keeps DIR
#
# DIR/cluster.env (sourceable): RABBITMQ_CLUSTER_URL (node 1's AMQP URL, guest, default vhost),
# RABBITMQ_CLUSTER_NODES (host:port,host:port,host:port for RabbitMq:ClusterNodes), RABBITMQ_CLUSTER_NAMES.
# Everything waits by polling `rabbitmqctl wait` on the node's pid file, never by fixed sleeps.
set -euo pipefail

BIN=/usr/lib/rabbitmq/bin
[[ -x "$BIN/rabbitmq-server" ]] || BIN="$(dirname "$(command -v rabbitmq-server || echo /usr/sbin/rabbitmq-server)")"
START_TIMEOUT="${RABBITMQ_CLUSTER_START_TIMEOUT:-120}"

usage() { sed -n '2,20p' "$0" >&2; exit 2; }

node_env() {
  local dir="$1" n="$2" name amqp dist
  name="$(cat "$dir/name")"
  amqp="$(cut -d, -f"$n" "$dir/amqp-ports")"
  dist="$(cut -d, -f"$n" "$dir/dist-ports")"
  echo HOME="$dir" \
    RABBITMQ_NODENAME="$name-$n@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$amqp" \
    RABBITMQ_DIST_PORT="$dist" \
    RABBITMQ_MNESIA_BASE="$dir/node$n/mnesia" \
    RABBITMQ_LOG_BASE="$dir/node$n/log" \
    RABBITMQ_PID_FILE="$dir/node$n/pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    PATH="$BIN:$PATH"
}

ctl() {
  local dir="$1" n="$2"; shift 2
  # shellcheck disable=SC2046
  env $(node_env "$dir" "$n") rabbitmqctl -q -n "$(cat "$dir/name")-$n@localhost" "$@"
}

boot() {
  local dir="$1" n="$2"
  rm -f "$dir/node$n/pid"
  mkdir -p "$dir/node$n"
  # setsid: the node outlives neither a Ctrl-C of the caller's terminal nor its own process group's signals by accident.
  # shellcheck disable=SC2046
  setsid env $(node_env "$dir" "$n") "$BIN/rabbitmq-server" >>"$dir/node$n/console.log" 2>&1 < /dev/null &
  echo $! > "$dir/node$n/launcher"
}

await_node() {
  local dir="$1" n="$2" launcher waiter ok=1
  launcher="$(cat "$dir/node$n/launcher")"
  ctl "$dir" "$n" wait --timeout "$START_TIMEOUT" "$dir/node$n/pid" >/dev/null 2>&1 &
  waiter=$!
  # Poll both: the node answering, or its VM having exited (a port in use, a bad config) — then fail at once.
  while kill -0 "$waiter" 2>/dev/null; do
    if ! kill -0 "$launcher" 2>/dev/null; then kill "$waiter" 2>/dev/null || true; ok=0; break; fi
    sleep 0.2
  done
  wait "$waiter" 2>/dev/null || ok=0
  if ((ok == 0)); then
    echo "node $n did not start; last lines of its console:" >&2
    tail -n 20 "$dir/node$n/console.log" >&2 || true
    return 1
  fi
}

beam_pid() { [[ -s "$1/node$2/pid" ]] && cat "$1/node$2/pid"; }

kill_node() {
  local dir="$1" n="$2" pid
  pid="$(beam_pid "$dir" "$n" || true)"
  [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true
  local launcher; launcher="$(cat "$dir/node$n/launcher" 2>/dev/null || true)"
  [[ -n "$launcher" ]] && kill -9 "$launcher" 2>/dev/null || true
  # The VM is gone once its pid no longer exists: poll for it (a kill -9 takes effect within milliseconds).
  for _ in $(seq 1 100); do
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  rm -f "$dir/node$n/pid"
}

stop_node() {
  local dir="$1" n="$2" pid
  pid="$(beam_pid "$dir" "$n" || true)"
  [[ -z "$pid" ]] && return 0
  timeout 30 env $(node_env "$dir" "$n") rabbitmqctl -q -n "$(cat "$dir/name")-$n@localhost" stop "$dir/node$n/pid" >/dev/null 2>&1 || true
  kill_node "$dir" "$n"
}

cmd_start() {
  local dir="$1" name="$2" amqp="$3" dist="$4"
  [[ "$amqp" =~ ^[0-9]+,[0-9]+,[0-9]+$ && "$dist" =~ ^[0-9]+,[0-9]+,[0-9]+$ ]] || usage
  [[ "$name" =~ ^[a-z0-9-]+$ ]] || { echo "NAME must be lowercase letters, digits, dashes" >&2; exit 2; }
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  echo "$name" > "$dir/name"
  echo "$amqp" > "$dir/amqp-ports"
  echo "$dist" > "$dir/dist-ports"
  echo "[]." > "$dir/enabled_plugins"
  : > "$dir/rabbitmq-env.conf"
  # As in production (deploy/k8s): a node cut off from the majority pauses instead of serving a split brain.
  printf 'cluster_partition_handling = pause_minority\n' > "$dir/rabbitmq.conf"
  if [[ ! -s "$dir/.erlang.cookie" ]]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$dir/.erlang.cookie")
  fi
  chmod 400 "$dir/.erlang.cookie"

  trap 'echo "cluster start failed; stopping its nodes" >&2; cmd_stop "$dir"' ERR
  for n in 1 2 3; do boot "$dir" "$n"; done
  for n in 1 2 3; do await_node "$dir" "$n"; done
  # The CLI's chatter while the cluster forms (e.g. tables for a node that has not joined yet) goes to DIR/cli.log.
  for n in 2 3; do
    ctl "$dir" "$n" stop_app >>"$dir/cli.log" 2>&1
    ctl "$dir" "$n" join_cluster "$name-1@localhost" >>"$dir/cli.log" 2>&1
    ctl "$dir" "$n" start_app >>"$dir/cli.log" 2>&1
  done
  ctl "$dir" 1 await_online_nodes 3 --timeout "$START_TIMEOUT" >/dev/null
  trap - ERR

  local nodes="" names=""
  for n in 1 2 3; do
    nodes+="${nodes:+,}127.0.0.1:$(cut -d, -f"$n" <<<"$amqp")"
    names+="${names:+ }$name-$n@localhost"
  done
  cat > "$dir/cluster.env" <<ENV
RABBITMQ_CLUSTER_URL=amqp://guest:guest@127.0.0.1:$(cut -d, -f1 <<<"$amqp")/
RABBITMQ_CLUSTER_NODES=$nodes
RABBITMQ_CLUSTER_NAMES="$names"
ENV
  echo "RabbitMQ cluster $name up: $names on AMQP $amqp"
}

cmd_stop() {
  local dir="$1"
  [[ -f "$dir/name" ]] || return 0
  for n in 1 2 3; do stop_node "$dir" "$n" & done
  wait
}

case "${1:-}" in
  start) (($# == 5)) || usage; cmd_start "$2" "$3" "$4" "$5" ;;
  stop) (($# == 2)) || usage; cmd_stop "$2" ;;
  kill) (($# == 3)) || usage; kill_node "$2" "$3" ;;
  restart) (($# == 3)) || usage; boot "$2" "$3"; await_node "$2" "$3" ;;
  ctl) (($# >= 3)) || usage; dir="$2" n="$3"; shift 3; ctl "$dir" "$n" "$@" ;;
  *) usage ;;
esac
