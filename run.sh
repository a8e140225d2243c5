#!/usr/bin/env bash
# Builds and runs the whole marketplace on this machine: identity, needs, pledges, matching, flows,
# notifications and the gateway (http://localhost:8080), against RabbitMQ, with a development SMTP server
# (smtp4dev, web inbox on http://localhost:5080) for the e-mail. Ctrl-C stops everything this script started.
#
#   ./run.sh            run with the data in $MARKETPLACE_DATA_DIR (default ./.data)
#   ./run.sh --demo     also seed the demo clients, the demo people and an illustrative data set
#
# First run without --demo: nobody can sign in yet. Name the first secretariat administrator:
#   Identity__Bootstrap__Email=you@example.org ./run.sh
# and open the one-time setup link this script prints (it comes from the identity log).
#
# Environment: GATEWAY_PORT (8080), GATEWAY_HOST (127.0.0.1), MARKETPLACE_DATA_DIR (./.data),
# RABBITMQ_URL (when unset: start or install a local broker and use its virtual host "marketplace"),
# SMTP4DEV_SMTP_PORT (2525), SMTP4DEV_WEB_PORT (5080).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$PWD"

DEMO=0
for arg in "$@"; do
  case "$arg" in
    --demo) DEMO=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
DATA_DIR="$(mkdir -p "${MARKETPLACE_DATA_DIR:-$ROOT/.data}" && cd "${MARKETPLACE_DATA_DIR:-$ROOT/.data}" && pwd)"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$LOG_DIR"

# shellcheck source=deploy/local/rabbitmq.sh
source deploy/local/rabbitmq.sh
# shellcheck source=deploy/local/services.sh
source deploy/local/services.sh

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed: https://dot.net" >&2; exit 1; }

PIDS=()
cleanup() {
  trap - INT TERM EXIT
  if ((${#PIDS[@]})); then
    echo; echo "Stopping..."
    kill "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
  stop_rabbitmq_if_started
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The development SMTP server (the repository's local dotnet tool, .config/dotnet-tools.json) starts in the
# background while the build runs: its messages stay in $DATA_DIR/smtp4dev, its web inbox on SMTP4DEV_WEB_PORT.
SMTP4DEV_SMTP_PORT="${SMTP4DEV_SMTP_PORT:-2525}"
SMTP4DEV_WEB_PORT="${SMTP4DEV_WEB_PORT:-5080}"
mkdir -p "$DATA_DIR/smtp4dev"
(dotnet tool restore >/dev/null && exec dotnet tool run smtp4dev -- --urls="http://127.0.0.1:${SMTP4DEV_WEB_PORT}" \
  --smtpport="$SMTP4DEV_SMTP_PORT" --imapport=0 --pop3port=0 --bindaddress=127.0.0.1 --nousersettings \
  --baseappdatapath="$DATA_DIR/smtp4dev" --db="$DATA_DIR/smtp4dev/smtp4dev.db") >"$LOG_DIR/smtp4dev.log" 2>&1 &
PIDS+=("$!")

# One build of the seven hosts (deploy/local/hosts.slnf: shared projects built once, in parallel), while
# RabbitMQ is found, started or installed: the build is CPU-bound, an install is network-bound.
echo "Building (Release) while RabbitMQ comes up..."
dotnet build deploy/local/hosts.slnf -c Release --nologo -v quiet -clp:"ErrorsOnly;NoSummary" >"$LOG_DIR/build.log" 2>&1 &
BUILD_PID=$!
RABBITMQ_URL_GIVEN="${RABBITMQ_URL:-}"
ensure_rabbitmq
[[ -n "$RABBITMQ_URL_GIVEN" ]] || use_rabbitmq_vhost marketplace
if ! wait "$BUILD_PID"; then
  cat "$LOG_DIR/build.log" >&2
  echo "The build failed (above; also in $LOG_DIR/build.log)." >&2
  exit 1
fi

# The internal services' client secret (matching, flows): generated once, kept with the data.
SECRET_FILE="$DATA_DIR/service-client.secret"
[[ -s "$SECRET_FILE" ]] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$SECRET_FILE")
SERVICE_CLIENT_SECRET="$(cat "$SECRET_FILE")"
# The key that signs e-mails' unsubscribe links: generated once, kept with the data (links stay valid across restarts).
UNSUBSCRIBE_KEY_FILE="$DATA_DIR/unsubscribe.key"
[[ -s "$UNSUBSCRIBE_KEY_FILE" ]] || (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '/+=\n' > "$UNSUBSCRIBE_KEY_FILE")
UNSUBSCRIBE_KEY="$(cat "$UNSUBSCRIBE_KEY_FILE")"

start() {
  local name="$1" dir="$2" dll="$3"; shift 3
  (cd "$dir/bin/Release/net10.0" && exec env "$@" dotnet "$dll") >"$LOG_DIR/$name.log" 2>&1 &
  PIDS+=("$!")
}

# shellcheck disable=SC2046
start identity services/Identity Identity.dll $(identity_env)
# shellcheck disable=SC2046
start needs services/Needs Needs.dll $(common_env needs)
# shellcheck disable=SC2046
start pledges services/Pledges Pledges.dll $(common_env pledges)
# shellcheck disable=SC2046
start matching services/Matching Matching.dll $(matching_env)
# shellcheck disable=SC2046
start flows services/Flows Flows.dll $(flows_env)
# shellcheck disable=SC2046
start notifications services/Notifications Notifications.dll $(notifications_env)
# shellcheck disable=SC2046
start gateway gateway Gateway.dll $(gateway_env)

GATEWAY="http://localhost:${GATEWAY_PORT}"
echo -n "Waiting for $GATEWAY/health/ready "
for i in $(seq 1 120); do
  if curl -fsS "$GATEWAY/health/ready" >/dev/null 2>&1; then echo " ready"; break; fi
  for pid in "${PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo; echo "A service exited; see $LOG_DIR" >&2; tail -n 20 "$LOG_DIR"/*.log >&2; exit 1; }
  done
  [[ "$i" == 120 ]] && { echo; echo "Not ready after 120 s; see $LOG_DIR" >&2; exit 1; }
  echo -n "."; sleep 1
done

if [[ "$DEMO" == 1 ]]; then
  deploy/local/seed-demo.sh "$GATEWAY" || echo "Demo seeding failed (the system keeps running); see the message above." >&2
fi

cat <<MSG

Support Platform Pledge Marketplace is running.
  Web app and API   $GATEWAY/            (API under $GATEWAY/api/v1)
  Health            $GATEWAY/health/ready
  Token server      http://127.0.0.1:5100/.well-known/openid-configuration
  Metrics (internal) http://127.0.0.1:9100/metrics … 9105 (identity, needs, pledges, matching, flows, notifications), gateway 9080
  E-mail inbox      http://localhost:${SMTP4DEV_WEB_PORT}/   (smtp4dev: every e-mail the marketplace sends)
  Data              $DATA_DIR
  Logs              $LOG_DIR
MSG
if [[ "$DEMO" == 1 ]]; then
  cat <<MSG
Demo people (sign in at $GATEWAY/, password demo-password-2026): gt@demo.invalid, us@demo.invalid, ...;
  chair@, secretariat@ and fund@demo.invalid also ask for a TOTP code from the key JBSWY3DPEHPK3PXP.
Demo token for scripts (any demo client, secret dev-secret):
  curl -s $GATEWAY/connect/token -d grant_type=client_credentials -d client_id=state-gt -d client_secret=dev-secret
MSG
elif SETUP_URL="$(grep -o 'http[^ "]*/account/invitation?token=[A-Za-z0-9_-]*' "$LOG_DIR/identity.log" | tail -n 1)" && [[ -n "$SETUP_URL" ]]; then
  cat <<MSG
First secretariat administrator ${Identity__Bootstrap__Email:-}: open this one-time link to choose a password,
then sign in at $GATEWAY/ (you will set up an authenticator app on the way):
  $SETUP_URL
MSG
elif [[ -z "${Identity__Bootstrap__Email:-}" ]]; then
  cat <<MSG
No demo data (run with --demo for demo people). To create the first secretariat administrator, restart with
  Identity__Bootstrap__Email=you@example.org ./run.sh
and open the one-time setup link it prints.
MSG
fi
echo "Press Ctrl-C to stop."
wait -n "${PIDS[@]}" || true
echo "A service stopped unexpectedly; see $LOG_DIR" >&2
exit 1
