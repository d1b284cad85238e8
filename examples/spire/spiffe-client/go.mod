module example.com/spiffe-client

go 1.21

require github.com/spiffe/go-spiffe/v2 v2.1.7
