# mtls_client.py — local variant: run from ../../certs (client.crt, client.key, ca.crt).
import requests
import ssl

# Create custom SSL context
session = requests.Session()
session.cert = ('client.crt', 'client.key')
session.verify = 'ca.crt'

response = session.get('https://server:8443/')
print(response.text)
