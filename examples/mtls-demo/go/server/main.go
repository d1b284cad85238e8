// server/main.go — mTLS server: presents /certs/tls.crt and requires a client certificate
// signed by /certs/ca.crt (the files cert-manager writes into the mounted Secret).
package main

import (
	"crypto/tls"
	"crypto/x509"
	"io/ioutil"
	"log"
	"net/http"
)

func main() {
	// Load server certificate
	cert, err := tls.LoadX509KeyPair("/certs/tls.crt", "/certs/tls.key")
	if err != nil {
		log.Fatal(err)
	}

	// Load CA certificate for client verification
	caCert, err := ioutil.ReadFile("/certs/ca.crt")
	if err != nil {
		log.Fatal(err)
	}
	caCertPool := x509.NewCertPool()
	caCertPool.AppendCertsFromPEM(caCert)

	// Configure TLS with client certificate requirement
	tlsConfig := &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    caCertPool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	}

	server := &http.Server{
		Addr:      ":8443",
		TLSConfig: tlsConfig,
	}

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Access client certificate info
		if len(r.TLS.PeerCertificates) > 0 {
			clientCN := r.TLS.PeerCertificates[0].Subject.CommonName
			log.Printf("Request from client: %s", clientCN)
		}
		w.Write([]byte("Hello from mTLS server!"))
	})

	log.Println("Starting mTLS server on :8443")
	log.Fatal(server.ListenAndServeTLS("", ""))
}
