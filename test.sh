#!/usr/bin/env bash
# Runs every test: unit, integration (in-memory hosts) and end-to-end (real processes, real RabbitMQ,
# real HTTP through the gateway). Starts RabbitMQ the same way run.sh does when it is not running.
#   ./test.sh                 everything
#   ./test.sh --filter X      passes a dotnet test filter through (e.g. FullyQualifiedName~Needs)
set -euo pipefail
cd "$(dirname "$0")"

# shellcheck source=deploy/local/rabbitmq.sh
source deploy/local/rabbitmq.sh
ensure_rabbitmq
trap stop_rabbitmq_if_started EXIT

export RABBITMQ_URL
# The development SMTP server the notifications tests send to and read back (smtp4dev, a local dotnet tool).
dotnet tool restore >/dev/null
dotnet build Marketplace.slnx -c Debug --nologo -v quiet -clp:"ErrorsOnly;NoSummary"
# -m:1: one test project at a time. Several projects start a whole system of processes each (end-to-end,
# browser, observability, reliability); on a 2-core machine running them side by side only adds timeouts.
dotnet test Marketplace.slnx -c Debug --no-build --nologo -m:1 "$@" -- RunConfiguration.TestSessionTimeout=3000000
