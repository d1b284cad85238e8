resource "vault_mount" "mesh" {
  path                  = "pki_mesh"
  type                  = "pki"
  max_lease_ttl_seconds = 2592000
}

# require_cn is left at its default (true) and key_type at rsa.
resource "vault_pki_secret_backend_role" "mesh" {
  backend          = vault_mount.mesh.path
  name             = "mesh"
  allowed_domains  = ["mesh.svc.cluster.local"]
  allow_subdomains = true
  server_flag      = false
  max_ttl          = "86400"
}
