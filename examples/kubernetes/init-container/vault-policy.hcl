# orders-render: read the one KV v2 secret the template names, and nothing else.
path "secret/data/orders/config" {
  capabilities = ["read"]
}

# KV mount detection (which mount, which KV version), as the Vault CLI does it.
path "sys/internal/ui/mounts/secret/orders/config" {
  capabilities = ["read"]
}

# auth/token/lookup-self and auth/token/renew-self come with Vault's `default` policy.
