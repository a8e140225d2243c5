#!/usr/bin/env bash
# Sourced by run.sh and test.sh: makes sure a RabbitMQ broker is reachable and exports RABBITMQ_URL.
# Order: an explicit RABBITMQ_URL; a broker already answering locally; an installed rabbitmq-server
# (started detached); as root, apt-get install rabbitmq-server; otherwise a message with the command.
# Sets MARKETPLACE_STARTED_RABBITMQ=1 when this script started the broker, so the caller can stop it.

rabbitmq_ping() {
  rabbitmq-diagnostics -q ping >/dev/null 2>&1
}

ensure_rabbitmq() {
  MARKETPLACE_STARTED_RABBITMQ=0
  if [[ -n "${RABBITMQ_URL:-}" ]]; then
    echo "Using RabbitMQ at ${RABBITMQ_URL}"
    return 0
  fi
  export RABBITMQ_URL="amqp://guest:guest@localhost:5672/"
  if command -v rabbitmq-diagnostics >/dev/null 2>&1 && rabbitmq_ping; then
    echo "Using the RabbitMQ broker already running on localhost:5672"
    return 0
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing rabbitmq-server with apt-get (once)..."
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server) >/dev/null \
        || { echo "apt-get install rabbitmq-server failed" >&2; return 1; }
    else
      echo "RabbitMQ is needed. Install it with:  sudo apt-get install -y rabbitmq-server" >&2
      echo "or point to a broker with:            RABBITMQ_URL=amqp://user:pass@host:5672/ $0" >&2
      return 1
    fi
  fi
  echo "Starting rabbitmq-server..."
  rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    if rabbitmq_ping; then
      MARKETPLACE_STARTED_RABBITMQ=1
      echo "RabbitMQ is up"
      return 0
    fi
    sleep 1
  done
  echo "RabbitMQ did not answer within 60 s (see /var/log/rabbitmq)" >&2
  return 1
}

stop_rabbitmq_if_started() {
  if [[ "${MARKETPLACE_STARTED_RABBITMQ:-0}" == "1" ]]; then
    rabbitmqctl stop >/dev/null 2>&1 || true
  fi
}

# run.sh's own virtual host on the local broker. The consumer queues are quorum queues; RabbitMQ cannot
# redeclare a classic queue of the same name as a quorum queue (PRECONDITION_FAILED), and a broker that
# ran an older version of the marketplace holds classic ones on "/". A virtual host of its own starts
# clean (docs/reliability.md, "Moving to quorum queues"). Appends it to RABBITMQ_URL.
use_rabbitmq_vhost() {
  local vhost="$1"
  if ! rabbitmqctl -q list_vhosts 2>/dev/null | grep -qx "$vhost"; then
    if ! rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1; then
      echo "Could not create the RabbitMQ virtual host '$vhost' (rabbitmqctl needs the broker's Erlang cookie)." >&2
      echo "Create it once:  sudo rabbitmqctl add_vhost $vhost && sudo rabbitmqctl set_permissions -p $vhost guest '.*' '.*' '.*'" >&2
      echo "or point to a broker with:  RABBITMQ_URL=amqp://user:pass@host:5672/vhost $0" >&2
      return 1
    fi
    echo "Created the RabbitMQ virtual host '$vhost'"
  fi
  rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  export RABBITMQ_URL="${RABBITMQ_URL%/}/$vhost"
}
