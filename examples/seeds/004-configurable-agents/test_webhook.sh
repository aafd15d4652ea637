#!/bin/sh
# The seed's test_webhook.sh: a signed POST /webhooks/generic (hex HMAC-SHA256 in X-Webhook-Signature).
WEBHOOK_URL="${WEBHOOK_URL:-http://localhost:8000/webhooks/generic}"
WEBHOOK_SECRET="${WEBHOOK_SECRET:-generic-secret-placeholder}"
PAYLOAD="$(cat "$(dirname "$0")/payloads/${1:-test}.json")"
SIGNATURE="$(printf '%s' "$PAYLOAD" | openssl dgst -sha256 -hmac "$WEBHOOK_SECRET" -hex | sed 's/^.* //')"
curl -sS -X POST "$WEBHOOK_URL" \
  -H "Content-Type: application/json" \
  -H "X-Webhook-Signature: $SIGNATURE" \
  -d "$PAYLOAD"
echo
