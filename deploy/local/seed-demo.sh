#!/usr/bin/env bash
# Seeds an ILLUSTRATIVE data set through the public API (demo mode only): needs for all seven MIRPS
# countries and pledges from Support Platform members. Figures are invented for demonstration and are
# labelled as such in every title and description. Runs once: it does nothing if needs already exist.
# The MIRPS Fund: an illustrative Fund pledge, and one need that no bilateral pledge accepts (technical
# assistance for health), referred to the Fund at once by its state: an automatic referral takes 30 days
# without a proposal (Referral:ReferralAfterDays), too long for a demo.
set -euo pipefail
GATEWAY="${1:-http://localhost:8080}"

token() {
  curl -fsS "$GATEWAY/connect/token" -d grant_type=client_credentials -d "client_id=$1" -d client_secret=dev-secret \
    | tr -d ' \n' | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

post() {
  local client="$1" path="$2" body="$3" out
  out=$(curl -sS --fail-with-body -X POST "$GATEWAY$path" -H "Authorization: Bearer $(token "$client")" \
    -H 'Content-Type: application/json' -d "$body") || { echo "POST $path as $client failed: $out" >&2; return 1; }
}

existing=$(curl -fsS "$GATEWAY/api/v1/needs?pageSize=1" -H "Authorization: Bearer $(token secretariat)")
if [[ "$existing" == *'"id"'* ]]; then
  echo "Demo data: needs already exist, nothing seeded."
  exit 0
fi

NOTE="Illustrative demo data, not a real request or commitment."
need() { # client country sector amount currency priority instruments(json) title
  post "$1" /api/v1/needs "{\"country\":\"$2\",\"sector\":\"$3\",\"amount\":{\"amount\":\"$4\",\"currency\":\"$5\"},\"priority\":\"$6\",\"instruments\":$7,\"title\":\"[Demo] $8\",\"description\":\"$NOTE\",\"reference\":\"DEMO\"}"
}
pledge() { # client amount currency instrument countries(json) sectors(json) title [extra json]
  post "$1" /api/v1/pledges "{\"amount\":{\"amount\":\"$2\",\"currency\":\"$3\"},\"instrument\":\"$4\",\"countries\":$5,\"sectors\":$6,\"title\":\"[Demo] $7\",\"description\":\"$NOTE\"${8:+,$8}}"
}

need state-bz BZ asylum-systems 850000.00 BZD high '["grant","technical-assistance"]' "Refugee eligibility committee case backlog"
need state-bz BZ education 1200000.00 BZD medium '["grant","in-kind"]' "School places for refugee children in Cayo"
need state-cr CR asylum-systems 350000000.00 CRC critical '["grant","technical-assistance"]' "Asylum unit digital case management"
need state-cr CR employment-livelihoods 2500000.00 USD high '["grant","concessional-loan"]' "Work permits and job placement for asylum seekers"
need state-sv SV protection 1800000.00 USD critical '["grant"]' "Protection of internally displaced families"
need state-sv SV local-governance 950000.00 USD medium '["grant","technical-assistance"]' "Municipal reception desks for returnees"
need state-gt GT reception-shelter 14000000.00 GTQ critical '["grant","in-kind"]' "Shelter network along the northern corridor"
need state-gt GT health 9500000.00 GTQ high '["grant","in-kind"]' "Primary health care for people in transit"
need state-hn HN protection 42000000.00 HNL critical '["grant"]' "Specialised protection for displaced children"
need state-hn HN statistical-inclusion 600000.00 USD low '["technical-assistance"]' "Displacement module in the national household survey"
need state-mx MX asylum-systems 95000000.00 MXN critical '["grant","technical-assistance"]' "COMAR regional offices capacity"
need state-mx MX employment-livelihoods 4000000.00 USD high '["grant","concessional-loan"]' "Relocation and labour integration programme"
need state-pa PA reception-shelter 1500000.00 USD high '["grant","in-kind"]' "Migrant reception stations in Darién"
need state-pa PA social-protection 700000.00 USD medium '["grant"]' "Cash transfers for refugee households"
need state-hn HN health 450000.00 USD high '["technical-assistance"]' "Psychosocial support training for health staff"

pledge donor-es 2000000.00 EUR grant '["SV","GT","HN"]' '["protection","reception-shelter"]' "AECID protection and reception window"
pledge donor-ca 3000000.00 CAD grant '[]' '["asylum-systems","protection","education"]' "Canada regional asylum and protection fund" '"maxAllocation":{"amount":"1500000.00","currency":"CAD"}'
pledge donor-us 5000000.00 USD grant '[]' '[]' "Humanitarian assistance for displaced people" '"minAllocation":{"amount":"100000.00","currency":"USD"}'
pledge donor-eu 2500000.00 EUR technical-assistance '[]' '["asylum-systems","statistical-inclusion","local-governance"]' "Asylum capacity technical assistance"
pledge donor-idb 10000000.00 USD concessional-loan '["CR","MX"]' '["employment-livelihoods"]' "Labour market integration loan"
pledge donor-wbg 1500000.00 USD technical-assistance '[]' '["statistical-inclusion","social-protection"]' "Data and social protection for displaced people"
pledge donor-ch 800000.00 CHF in-kind '["GT","PA"]' '["health","reception-shelter"]' "Medical supplies and shelter kits"
pledge donor-cabei 4000000.00 USD concessional-loan '[]' '["local-governance","employment-livelihoods"]' "Municipal services and livelihoods credit line"
pledge fund-manager 1500000.00 USD technical-assistance '[]' '[]' "MIRPS Fund pooled window"

referred=$(curl -fsS "$GATEWAY/api/v1/needs?country=HN&sector=health&pageSize=1" -H "Authorization: Bearer $(token state-hn)" \
  | sed -E 's/^\{"items":\[\{"id":"([^"]+)".*/\1/')
post state-hn "/api/v1/needs/$referred/refer" '{"reason":"[Demo] No bilateral pledge offers technical assistance for health."}'
echo "Demo data: 15 illustrative needs, 8 illustrative pledges and a MIRPS Fund pledge seeded; one need referred to the Fund."
