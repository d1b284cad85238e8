module example.com/mtls-demo

go 1.21
