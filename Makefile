# mailsetup: `make run` starts the app, `make test` runs every test. Each
# installs what it needs first (Debian/Ubuntu packages through apt-get).
SHELL := /bin/bash
GO ?= go
export GOFLAGS ?= -buildvcs=false
# The Go build cache (~/.cache/go-build) is never cleaned here: the cgo part of
# Fyne takes minutes to compile once and seconds after.

BIN := bin
APP := $(BIN)/mailsetup
CLI := $(BIN)/mailsetup-cli
# fyne build/package add this tag because FyneApp.toml migrates to fyne.Do;
# plain go builds must say it themselves.
APPTAGS := migrated_fynedo
FYNE := $(shell $(GO) env GOPATH)/bin/fyne
FYNE_VERSION := v1.7.4

.PHONY: run test build cli package windows screenshots bench generate deps-build deps-test clean measure

run: deps-build build
	./$(APP)

test: deps-test
	scripts/test.sh

build: deps-build
	$(GO) build -tags $(APPTAGS) -o $(APP) .

cli:
	CGO_ENABLED=0 $(GO) build -o $(CLI) ./cmd/mailsetup-cli

# fyne package --release bumps Build in FyneApp.toml; put the file back so that
# packaging leaves the working tree as it was.
package: deps-build $(FYNE)
	@mkdir -p $(BIN) && cp FyneApp.toml $(BIN)/FyneApp.toml.orig
	$(FYNE) package -os linux --release; rc=$$?; cp $(BIN)/FyneApp.toml.orig FyneApp.toml; exit $$rc
	@ls -l *.tar.xz

windows: deps-test $(FYNE)
	scripts/windows.sh

screenshots: deps-test
	scripts/screenshots.sh

bench:
	CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -bench . -benchmem ./...

measure: deps-test build
	scripts/measure.sh

generate:
	$(GO) generate ./providers/...

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

$(FYNE):
	$(GO) install fyne.io/tools/cmd/fyne@$(FYNE_VERSION)

clean:
	rm -rf $(BIN) *.tar.xz
