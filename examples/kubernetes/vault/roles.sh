#!/bin/sh
# The Vault side of the two Vault examples: the policies and the Kubernetes auth roles that bind
# them to exactly one service account each, for tokens with the audience "vault" only.
set -eu
vault policy write orders-render ../init-container/vault-policy.hcl
vault policy write orders-db-sidecar ../sidecar/vault-policy.hcl
vault write auth/kubernetes/role/orders-render \
  bound_service_account_names=orders-render bound_service_account_namespaces=orders \
  audience=vault policies=orders-render token_ttl=20m token_max_ttl=1h
vault write auth/kubernetes/role/orders-db-sidecar \
  bound_service_account_names=orders-db-sidecar bound_service_account_namespaces=orders \
  audience=vault policies=orders-db-sidecar token_ttl=1h token_max_ttl=24h
