# mtls_server.py — local variant: run from ../../certs (server.crt, server.key, ca.crt).
import ssl
from flask import Flask, request

app = Flask(__name__)

@app.route('/')
def hello():
    # Access client certificate info
    client_cert = request.environ.get('peercert')
    if client_cert:
        subject = dict(x[0] for x in client_cert['subject'])
        return f"Hello {subject.get('commonName', 'Unknown')}!"
    return "No client certificate"

if __name__ == '__main__':
    # Configure SSL context
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain('server.crt', 'server.key')
    context.load_verify_locations('ca.crt')

    app.run(host='0.0.0.0', port=8443, ssl_context=context)
