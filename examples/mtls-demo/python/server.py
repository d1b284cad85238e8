# server.py — Flask behind an mTLS context (certificates from the mounted Secret).
import ssl
from flask import Flask

app = Flask(__name__)

@app.route('/')
def hello():
    return 'Hello from mTLS server!'

if __name__ == '__main__':
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain('/certs/tls.crt', '/certs/tls.key')
    context.load_verify_locations('/certs/ca.crt')

    app.run(host='0.0.0.0', port=8443, ssl_context=context)
