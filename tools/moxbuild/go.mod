module moxbuild

go 1.25.0

require github.com/mjl-/mox v0.0.17

require (
	github.com/beorn7/perks v1.0.1 // indirect
	github.com/cespare/xxhash/v2 v2.2.0 // indirect
	github.com/matttproud/golang_protobuf_extensions/v2 v2.0.0 // indirect
	github.com/mjl-/adns v0.0.0-20260809141028-22f885debe71 // indirect
	github.com/mjl-/autocert v0.0.0-20260807073006-86291c3fc55e // indirect
	github.com/mjl-/bstore v0.0.11 // indirect
	github.com/mjl-/flate v0.0.0-20250221133712-6372d09eb978 // indirect
	github.com/mjl-/sconf v0.0.8 // indirect
	github.com/mjl-/sherpa v0.6.7 // indirect
	github.com/mjl-/sherpadoc v0.0.18 // indirect
	github.com/mjl-/sherpaprom v0.0.2 // indirect
	github.com/mjl-/xfmt v0.0.2 // indirect
	github.com/prometheus/client_golang v1.18.0 // indirect
	github.com/prometheus/client_model v0.5.0 // indirect
	github.com/prometheus/common v0.45.0 // indirect
	github.com/prometheus/procfs v0.12.0 // indirect
	go.etcd.io/bbolt v1.3.12 // indirect
	golang.org/x/crypto v0.55.0 // indirect
	golang.org/x/net v0.58.0 // indirect
	golang.org/x/sys v0.47.0 // indirect
	golang.org/x/text v0.41.0 // indirect
	google.golang.org/protobuf v1.31.0 // indirect
	rsc.io/qr v0.2.0 // indirect
)
