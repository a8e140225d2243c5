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
dotnet build Marketplace.slnx -c Debug --nologo -v quiet -clp:"ErrorsOnly;NoSummary"
dotnet test Marketplace.slnx -c Debug --no-build --nologo "$@" -- RunConfiguration.TestSessionTimeout=3000000
