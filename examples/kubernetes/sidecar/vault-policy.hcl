# orders-db-sidecar: mint database credentials for the one role, and keep their leases alive.
path "database/creds/orders" {
  capabilities = ["read"]
}

# Renewing the credential's lease while the app runs (also in Vault's `default` policy; stated
# here so the policy holds on its own). Add sys/leases/revoke ("update") only to revoke on exit.
path "sys/leases/renew" {
  capabilities = ["update"]
}

# Engine detection of the path (a dynamic engine is then read as is).
path "sys/internal/ui/mounts/database/creds/orders" {
  capabilities = ["read"]
}

# auth/token/renew-self and auth/token/lookup-self come with Vault's `default` policy.
