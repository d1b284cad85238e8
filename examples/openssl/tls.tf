resource "tls_private_key" "web" {
  algorithm = "RSA"
  rsa_bits  = 1024
}

resource "tls_cert_request" "web" {
  private_key_pem = tls_private_key.web.private_key_pem
  subject {
    common_name  = "web.prod.svc.cluster.local"
    organization = "Example"
  }
}
