#!/usr/bin/env bash
# Sourced by run.sh: the environment each process gets, in one place.
# Inputs: DATA_DIR, RABBITMQ_URL, GATEWAY_PORT, DEMO (0/1), SERVICE_CLIENT_SECRET, UNSUBSCRIBE_KEY, SMTP4DEV_SMTP_PORT,
# Identity__Bootstrap__Email (optional).

IDENTITY_URL="http://127.0.0.1:5100/"

common_env() {
  local service="$1"
  echo "ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}" \
    "Storage__DataDirectory=${DATA_DIR}/${service}" \
    "RabbitMq__Url=${RABBITMQ_URL}" \
    "Auth__Authority=${IDENTITY_URL}" \
    "Identity__Issuer=${IDENTITY_URL}"
}

identity_env() {
  echo "$(common_env identity)" \
    "Kestrel__Endpoints__Http__Url=http://127.0.0.1:5100" \
    "Identity__AllowGeneratedSigningKey=true" \
    "Identity__SeedDemoClients=$([[ "$DEMO" == 1 ]] && echo true || echo false)" \
    "Identity__SeedDemoPeople=$([[ "$DEMO" == 1 ]] && echo true || echo false)" \
    "Identity__WebRedirectUris__0=http://localhost:${GATEWAY_PORT}/signin-callback" \
    "Identity__WebRedirectUris__1=http://127.0.0.1:${GATEWAY_PORT}/signin-callback" \
    "Identity__WebPostLogoutRedirectUris__0=http://localhost:${GATEWAY_PORT}/" \
    "Identity__WebPostLogoutRedirectUris__1=http://127.0.0.1:${GATEWAY_PORT}/" \
    "Identity__PublicOrigin=http://localhost:${GATEWAY_PORT}/" \
    "Identity__Bootstrap__Email=${Identity__Bootstrap__Email:-}" \
    "Identity__Clients__0__ClientId=matching-service" \
    "Identity__Clients__0__Secret=${SERVICE_CLIENT_SECRET}" \
    "Identity__Clients__0__Role=service" \
    "Identity__Clients__0__Org=matching" \
    "Identity__Clients__1__ClientId=flows-service" \
    "Identity__Clients__1__Secret=${SERVICE_CLIENT_SECRET}" \
    "Identity__Clients__1__Role=service" \
    "Identity__Clients__1__Org=flows" \
    "Identity__Clients__2__ClientId=notifications-service" \
    "Identity__Clients__2__Secret=${SERVICE_CLIENT_SECRET}" \
    "Identity__Clients__2__Role=service" \
    "Identity__Clients__2__Org=notifications"
}

matching_env() {
  echo "$(common_env matching)" \
    "ServiceClient__ClientId=matching-service" \
    "ServiceClient__ClientSecret=${SERVICE_CLIENT_SECRET}"
}

flows_env() {
  echo "$(common_env flows)" \
    "ServiceClient__ClientId=flows-service" \
    "ServiceClient__ClientSecret=${SERVICE_CLIENT_SECRET}"
}

# E-mail goes to the local smtp4dev (run.sh starts it; web inbox on SMTP4DEV_WEB_PORT). The unsubscribe
# links' key is generated once and kept with the data, like the service client secret.
notifications_env() {
  echo "$(common_env notifications)" \
    "ServiceClient__ClientId=notifications-service" \
    "ServiceClient__ClientSecret=${SERVICE_CLIENT_SECRET}" \
    "Notifications__IdentityUrl=${IDENTITY_URL}" \
    "Notifications__PublicOrigin=http://localhost:${GATEWAY_PORT}/" \
    "Notifications__UnsubscribeKey=${UNSUBSCRIBE_KEY}" \
    "Smtp__Host=127.0.0.1" \
    "Smtp__Port=${SMTP4DEV_SMTP_PORT}"
}

gateway_env() {
  echo "$(common_env gateway)" \
    "Kestrel__Endpoints__Http__Url=http://${GATEWAY_HOST:-127.0.0.1}:${GATEWAY_PORT}"
}
