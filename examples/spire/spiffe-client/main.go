// spiffe-client.go — gets its SVID from the SPIRE agent and only talks to spiffe://production.local/service-b.
package main

import (
	"context"
	"log"
	"net/http"
	"time"

	"github.com/spiffe/go-spiffe/v2/spiffeid"
	"github.com/spiffe/go-spiffe/v2/spiffetls/tlsconfig"
	"github.com/spiffe/go-spiffe/v2/workloadapi"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	// Connect to SPIRE agent
	source, err := workloadapi.NewX509Source(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer source.Close()

	// Create TLS config that validates SPIFFE IDs
	serverID := spiffeid.RequireFromString("spiffe://production.local/service-b")
	tlsConfig := tlsconfig.MTLSClientConfig(source, source, tlsconfig.AuthorizeID(serverID))

	client := &http.Client{
		Transport: &http.Transport{
			TLSClientConfig: tlsConfig,
		},
	}

	resp, err := client.Get("https://service-b.production.svc:8443/")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()

	log.Println("Successfully connected with mTLS!")
}
