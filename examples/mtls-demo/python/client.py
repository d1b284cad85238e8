# client.py — requests with a client certificate.
import requests

def make_mtls_request():
    response = requests.get(
        'https://service-b.production.svc:8443/',
        cert=('/certs/tls.crt', '/certs/tls.key'),
        verify='/certs/ca.crt'
    )
    return response.text
