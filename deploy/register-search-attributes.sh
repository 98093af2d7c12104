#!/bin/sh
# Registers the orchestrator's custom search attributes (see docs/architecture.md). Idempotent: an
# attribute that already exists is left alone, so the one-shot service can run on every `up`.
set -eu

: "${TEMPORAL_ADDRESS:?}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"

# auto-setup creates the namespace just after the server reports healthy; wait for it.
tries=0
until temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "namespace $NAMESPACE not found at $TEMPORAL_ADDRESS after 120s" >&2
    exit 1
  fi
  sleep 2
done

for name in LoanId Process BreakerState; do
  if temporal operator search-attribute list --namespace "$NAMESPACE" | grep -qw "$name"; then
    echo "search attribute $name already registered"
  else
    temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type Keyword
    echo "search attribute $name registered (Keyword)"
  fi
done
