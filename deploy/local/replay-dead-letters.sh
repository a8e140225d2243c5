#!/usr/bin/env bash
# Moves every message of <queue>_error (MassTransit's dead letters after the in-process retries) back
# to <queue>, where the consumer handles it again. Uses the broker's own shovel (rabbitmq_shovel, shipped
# with Debian's rabbitmq-server; enabled here if needed): the shovel confirms each move before it acks the
# source, so a message is never lost, and `src-delete-after: queue-length` makes it move only the messages
# present when it starts (a message that fails again goes back to <queue>_error, it does not loop) and
# then delete itself.
#
#   deploy/local/replay-dead-letters.sh [-p vhost] [-n node] <queue>
#   deploy/local/replay-dead-letters.sh need-events          # need-events_error → need-events, vhost /
#
# Needs rabbitmqctl and rabbitmq-plugins for the broker's node (as run.sh/test.sh use them). Replaying is
# safe for the marketplace's consumers: they keep the highest snapshot version, so a replayed event that
# is older than what the view holds changes nothing.
set -euo pipefail

vhost="/"
node_args=()
while getopts "p:n:" opt; do
  case "$opt" in
    p) vhost="$OPTARG" ;;
    n) node_args=(-n "$OPTARG") ;;
    *) echo "usage: $0 [-p vhost] [-n node] <queue>" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
queue="${1:?usage: $0 [-p vhost] [-n node] <queue>}"
source_queue="${queue}_error"

ctl() { rabbitmqctl -q "${node_args[@]}" "$@"; }

count_of() {
  ctl list_queues -p "$vhost" name messages | awk -F'\t' -v q="$1" '$1 == q { print $2; found = 1 } END { if (!found) print 0 }'
}

if ! rabbitmq-plugins -q "${node_args[@]}" list -e -m | grep -qx rabbitmq_shovel; then
  echo "Enabling rabbitmq_shovel..."
  rabbitmq-plugins -q "${node_args[@]}" enable rabbitmq_shovel >/dev/null
fi

waiting=$(count_of "$source_queue")
if [[ "$waiting" == "0" ]]; then
  echo "Nothing to replay: $source_queue is empty or does not exist (vhost $vhost)."
  exit 0
fi

# amqp:///<vhost> is the local broker itself, on the given virtual host ("amqp://" is the default one).
if [[ "$vhost" == "/" ]]; then uri="amqp://"; else uri="amqp:///$(printf '%s' "$vhost" | jq -sRr @uri 2>/dev/null || printf '%s' "$vhost")"; fi
name="replay-${queue}-$(date +%s)"
definition=$(printf '{"src-protocol":"amqp091","src-uri":"%s","src-queue":"%s","src-delete-after":"queue-length","dest-protocol":"amqp091","dest-uri":"%s","dest-queue":"%s","ack-mode":"on-confirm"}' \
  "$uri" "$source_queue" "$uri" "$queue")
echo "Replaying $waiting message(s): $source_queue → $queue (vhost $vhost, shovel $name)"
ctl set_parameter -p "$vhost" shovel "$name" "$definition"

# The shovel deletes its own parameter once it has moved the messages it found at start.
for _ in $(seq 1 600); do
  if ! ctl list_parameters -p "$vhost" | awk '{ print $2 }' | grep -qx "$name"; then
    echo "Replayed $waiting message(s) to $queue; $(count_of "$source_queue") now in $source_queue."
    exit 0
  fi
  sleep 0.5
done
echo "The shovel $name has not finished after 5 minutes; see: rabbitmqctl shovel_status -p $vhost" >&2
exit 1
