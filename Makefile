# gohmi — `make run` opens the demo on the simulator, `make test` runs every test.
GO      ?= go
# no_emoji: no colour emoji font in the binary. Fyne loads its fonts once per
# theme scope (every styled control has one): 4 MB of emoji tables each time
# (README, Memory).
TAGS    := migrated_fynedo,no_emoji
PROJECT ?= screens/demo
# One known locale for builds and tests. (hmi itself copes with C.UTF-8, which
# Fyne 2.7 cannot parse: see cmd/hmi/internal/fynelocale.)
export LANG := en_US.UTF-8

# Packages that import no Fyne GL driver (at most Fyne's test driver): they
# build without cgo, and are tested once more with the race detector.
PURE := ./pos/... ./gopage/... ./style/... ./tags/... ./alarms/... ./trends/... ./internal/... ./render/... ./hmi/...

.PHONY: all deps deps-test build run test test-pure test-all bench check fuzz snapshots cross panels clean

all: build

# What building needs (cgo, the X11/GL headers); the demo runs on that alone.
deps:
	@scripts/deps.sh build

# What the tests need besides: Xvfb, libmodbus, socat, Node.js and the npm
# packages of the test peers.
deps-test:
	@scripts/deps.sh test

build: deps
	$(GO) build -tags $(TAGS) -o bin/hmi ./cmd/hmi

run: build
	./bin/hmi run $(PROJECT)

test: deps-test check panels test-pure test-all

test-pure:
	CGO_ENABLED=1 $(GO) test -p 1 -race -tags $(TAGS) $(PURE)

# -p 1: the reload and protocol tests watch real files and real servers;
# one package at a time keeps a loaded CI machine from stretching an editor's
# save beyond the watcher's debounce.
test-all:
	$(GO) test -p 1 -tags $(TAGS) -timeout 20m ./...

# Benchmarks for every budget in ARCHITECTURE.md.
bench: deps-test
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...

check:
	@fmt=$$(gofmt -l $$(git ls-files '*.go') 2>/dev/null); \
	if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...

# Short fuzzing of every parser and decoder (the seeds also run in `make test`).
fuzz:
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz FuzzParse -fuzztime 60s ./gopage/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz FuzzCompile -fuzztime 60s ./tags/

# Regenerate the golden images of the demo screens and the README screenshot.
snapshots: deps-test build
	$(GO) test -tags $(TAGS) ./render/... ./hmi/... -update
	./bin/hmi snapshot $(PROJECT) --screen overview --out docs/demo.png
	./bin/hmi snapshot $(PROJECT) --screen overview --theme night --out docs/demo-night.png

# Windows kiosk PCs and ARM Linux panels (GLES). Cold builds take minutes
# each: go-gl's C is compiled once per target. The panels without a GPU
# come first: they need no C compiler.
cross: panels
	@scripts/cross-deps.sh
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
		$(GO) build -tags $(TAGS) -o bin/windows-amd64/hmi.exe ./cmd/hmi
	GOOS=linux GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc \
		PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
		$(GO) build -tags $(TAGS) -o bin/linux-arm64/hmi ./cmd/hmi

# Panels without a GPU: CGO_ENABLED=0 builds of hmi, raster backend only
# (its default without cgo), one static file each, no C compiler needed.
# Cheap, so `make test` builds them too; each is checked to have no dynamic
# section (no interpreter, no shared library).
PANELS := linux/amd64 linux/arm64 linux/arm
panels:
	@set -e; for p in $(PANELS); do \
		os=$${p%/*}; arch=$${p#*/}; out=bin/panel-$$os-$$arch/hmi; \
		echo "CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -o $$out ./cmd/hmi"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch GOARM=7 $(GO) build -trimpath -tags $(TAGS) -o $$out ./cmd/hmi; \
		$(GO) version -m $$out | grep -q 'CGO_ENABLED=0' || { echo "$$out: not a CGO_ENABLED=0 build"; exit 1; }; \
		if readelf -lW $$out | grep -q 'INTERP\|DYNAMIC'; then \
			echo "$$out: not static"; readelf -lW $$out; exit 1; fi; \
		echo "$$out: static"; \
	done

clean:
	rm -rf bin
