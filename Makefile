# MotionLab build. `make run` and `make test` set up everything they need
# (Debian packages, ONNX Runtime, converted models); every step is cached.

SHELL := /bin/bash
CACHE := .cache
NPM   := $(CACHE)/npm
export MOTIONLAB_MODELS ?= $(CURDIR)/$(CACHE)/models
export MOTIONLAB_ORT_LIB ?= $(CURDIR)/$(CACHE)/lib/libonnxruntime.so.1

# Pinned downloads: npm tarballs (fetched with `npm pack`, never installed).
ORT_VERSION  := 1.30.0
ORT_TGZ      := $(NPM)/onnxruntime-node-$(ORT_VERSION).tgz
ORT_SHA256   := 6e3390d6b783e7be946fad629292799da28d0b42f84856e50d2c1b0383291e75
ORT_LIB_SHA256 := ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23
POSE_VERSION := 0.5.1675469404
POSE_TGZ     := $(NPM)/mediapipe-pose-$(POSE_VERSION).tgz
POSE_SHA256  := 8bb349a7b3a3ba699df23be804ddd3b3eab810b50b15406894be257859388a84

# onnxruntime-web: the browser's runtime (same version as the server's).
ORT_WEB_TGZ    := $(NPM)/onnxruntime-web-$(ORT_VERSION).tgz
ORT_WEB_SHA256 := d2228df7e4616bc3348bf504ee888f3bec43789a273f0a63f3e68d203ce3bf71
ORT_WEB        := public/web/ort/ort.min.mjs

# MediaPipe's own web runtime, the in-browser benchmark's peer only
# (make bench-browser): it runs the same BlazePose models (models/mptask).
TASKS_VISION_VERSION := 1.1.0
TASKS_VISION_TGZ := $(NPM)/mediapipe-tasks-vision-$(TASKS_VISION_VERSION).tgz
TASKS_VISION_SHA256 := 46fc3d3d13fa5de631915929d045be2f74bb32e909d7a5b3a322b28976f54165
export MOTIONLAB_TASKS_VISION ?= $(CURDIR)/$(TASKS_VISION_TGZ)

SWAGGER_VERSION := 5.35.0
SWAGGER_TGZ  := $(NPM)/swagger-ui-dist-$(SWAGGER_VERSION).tgz
SWAGGER_SHA256 := 1b8e891893404ea4c3558b6a87e2a3e494e7eedba41168c2ece5800a391a6ea6
DOCS_ASSETS  := public/docs/swagger-ui-bundle.js public/docs/swagger-ui.css

APT_PACKAGES := libopencv-dev opencv-data ffmpeg time chromium
# Scale-out tests (issue 12): a real PostgreSQL server (initdb + postgres
# started by the tests on 127.0.0.1; Debian keeps them in /usr/lib/postgresql).
APT_PACKAGES += postgresql
# npm only fetches tarballs; Debian's is used when the machine has none.
APT_PACKAGES += $(if $(shell command -v npm),,npm)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# The web app: app.wasm from app/ + wasm/ + shared/, then icons and the
# pre-compressed app.wasm.br/.gz drawn and written by `motionlab assets`.
WASM     := public/web/app.wasm
WASM_SRC := $(shell find app wasm shared -name '*.go' -not -name '*_test.go') go.mod go.sum
WEBAPP   := $(WASM).br

# A real S3-compatible server for the scale-out tests, built from the Go
# module proxy at a pinned version (versitygw's posix gateway).
S3SERVER_VERSION := v1.8.0
S3SERVER := $(CACHE)/bin/versitygw
export MOTIONLAB_S3_SERVER ?= $(CURDIR)/$(S3SERVER)

MODELS := $(addprefix $(CACHE)/models/,pose_detection.onnx pose_landmark_lite.onnx pose_landmark_full.onnx pose_landmark_heavy.onnx)
BIN := bin/motionlab

.PHONY: setup deps run test bench bench-browser vet build clean wasm s3server validate validate-floor fuzz
.DELETE_ON_ERROR:

setup: deps $(MOTIONLAB_ORT_LIB) $(MODELS) $(DOCS_ASSETS) $(ORT_WEB) $(WEBAPP) $(S3SERVER)

wasm: $(WEBAPP)

$(WASM): $(WASM_SRC)
	@mkdir -p $(@D)
	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o $@ ./wasm

$(WEBAPP): $(WASM) $(wildcard server/*.go)
	@mkdir -p bin
	go build -o $(BIN) ./server
	./$(BIN) assets --public public

# Debian packages: install only what is missing (apt-get update once).
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null \
	    || { echo "setup: could not install $$missing (apt-get failed)" >&2; exit 1; }; \
	fi
	@command -v go >/dev/null || { echo "setup: Go toolchain not found on PATH (need Go 1.26)" >&2; exit 1; }

s3server: $(S3SERVER)

$(S3SERVER): | deps
	@mkdir -p $(@D)
	@echo "setup: go install github.com/versity/versitygw/cmd/versitygw@$(S3SERVER_VERSION)"
	@GOBIN=$(CURDIR)/$(@D) go install github.com/versity/versitygw/cmd/versitygw@$(S3SERVER_VERSION)

# npm pack downloads the tarball without running any install script.
$(NPM)/%.tgz: | deps
	@mkdir -p $(NPM)
	@echo "setup: npm pack $(PKG_$*)"
	@cd $(NPM) && npm pack --silent $(PKG_$*) >/dev/null || { echo "setup: npm pack $(PKG_$*) failed" >&2; exit 1; }
	@echo "$(SHA_$*)  $@" | sha256sum -c --quiet || { echo "setup: $@ does not match its pinned sha256" >&2; rm -f $@; exit 1; }

PKG_onnxruntime-node-$(ORT_VERSION) := onnxruntime-node@$(ORT_VERSION)
SHA_onnxruntime-node-$(ORT_VERSION) := $(ORT_SHA256)
PKG_mediapipe-pose-$(POSE_VERSION) := @mediapipe/pose@$(POSE_VERSION)
SHA_mediapipe-pose-$(POSE_VERSION) := $(POSE_SHA256)
PKG_onnxruntime-web-$(ORT_VERSION) := onnxruntime-web@$(ORT_VERSION)
SHA_onnxruntime-web-$(ORT_VERSION) := $(ORT_WEB_SHA256)
PKG_mediapipe-tasks-vision-$(TASKS_VISION_VERSION) := @mediapipe/tasks-vision@$(TASKS_VISION_VERSION)
SHA_mediapipe-tasks-vision-$(TASKS_VISION_VERSION) := $(TASKS_VISION_SHA256)
PKG_swagger-ui-dist-$(SWAGGER_VERSION) := swagger-ui-dist@$(SWAGGER_VERSION)
SHA_swagger-ui-dist-$(SWAGGER_VERSION) := $(SWAGGER_SHA256)

# The API docs page (/docs) uses Swagger UI served from public/, no CDN.
$(DOCS_ASSETS) &: $(SWAGGER_TGZ)
	@mkdir -p public/docs
	@tar -xzf $< -C public/docs --strip-components=1 package/swagger-ui-bundle.js package/swagger-ui.css package/LICENSE
	@touch $(DOCS_ASSETS)

# The browser loads ort.min.mjs (WebGL + WASM) or ort.webgpu.min.mjs and
# the matching ort-wasm-simd-threaded* runtime from /web/ort/; gzip copies
# are served to browsers that accept them (the .wasm files shrink 4×).
$(ORT_WEB): $(ORT_WEB_TGZ)
	@rm -rf $(@D) && mkdir -p $(@D)
	@tar -xzf $< -C $(@D) --strip-components=2 --wildcards 'package/dist/ort.min.mjs' 'package/dist/ort.webgpu.min.mjs' \
	  'package/dist/ort-wasm-simd-threaded.mjs' 'package/dist/ort-wasm-simd-threaded.wasm' 'package/dist/ort-wasm-simd-threaded.jsep.*'
	@gzip -k -6 $(@D)/*.wasm $(@D)/*.mjs
	@touch $@
	@echo "setup: onnxruntime-web $(ORT_VERSION) in $(@D)"

$(MOTIONLAB_ORT_LIB): $(ORT_TGZ)
	@mkdir -p $(dir $@)
	@tar -xzOf $< package/bin/napi-v6/linux/x64/libonnxruntime.so.1 > $@.tmp
	@echo "$(ORT_LIB_SHA256)  $@.tmp" | sha256sum -c --quiet || { echo "setup: libonnxruntime.so.1 checksum mismatch" >&2; rm -f $@.tmp; exit 1; }
	@mv $@.tmp $@
	@echo "setup: ONNX Runtime $(ORT_VERSION) at $@"

# One conversion writes all four models and verifies every checksum
# against models/manifest.json.
$(MODELS) &: $(POSE_TGZ) models/manifest.json $(wildcard models/convert/*.go models/tflite/*.go)
	@echo "setup: converting BlazePose TFLite models to ONNX"
	@go run ./models/convert -tarball $(POSE_TGZ) -out $(CACHE)/models

build: deps
	@mkdir -p bin
	go build -o $(BIN) ./server

run: setup build
	./$(BIN) $(or $(ARGS),serve)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting" >&2; exit 1; }
	go vet ./...
	GOOS=js GOARCH=wasm go build ./shared/...

test: setup vet $(TASKS_VISION_TGZ)
	go test -count=1 -timeout 45m ./...
	$(MAKE) --no-print-directory fuzz

# The fuzz targets run briefly on every test run (longer by hand:
# FUZZ_SCALE=40 make fuzz); their seed corpora run in `go test` too.
# Budgets are counts of inputs (about 8 s each on a 2-core box), not
# durations: Go 1.26's fuzz coordinator can fail a target that found
# nothing with "context deadline exceeded" when a -fuzztime duration ends
# while a worker is busy (go.dev/issue/75804, fixed in Go 1.27; CI hit it
# on FuzzKeypointsJSON). A count has no deadline to race; -timeout still
# bounds an input that hangs.
FUZZ_SCALE ?= 1
fuzz:
	go test -run '^$$' -fuzz '^FuzzMultipartForm$$' -fuzztime $$((20000 * $(FUZZ_SCALE)))x -timeout 5m ./server/api
	go test -run '^$$' -fuzz '^FuzzAnalysisParams$$' -fuzztime $$((16000 * $(FUZZ_SCALE)))x -timeout 5m ./server/api
	go test -run '^$$' -fuzz '^FuzzKeypointsJSON$$' -fuzztime $$((8000 * $(FUZZ_SCALE)))x -timeout 5m ./server/api
	go test -run '^$$' -fuzz '^FuzzOpenLimited$$' -fuzztime $$((24 * $(FUZZ_SCALE)))x -timeout 5m ./server/video

# Benchmarks: per-stage ms/frame and pipeline frames/s, then peak RSS of a
# whole 10 s 1080p analysis, then the server end to end on that clip
# (decode-only vs /infer/video frames/s, upload → results → annotated video
# against the clip's length, peak RSS). Figures go to BENCHMARKS.md by hand.
bench: setup build
	go test -run '^$$' -bench . -benchtime 3s -count 3 ./server/inference/
	go test -run '^$$' -bench . -benchtime 2x -count 3 ./server/pipeline/
	MOTIONLAB_BENCH_CLIP=$(CURDIR)/$(CACHE)/bench/sports2d_1080p_10s.mp4 go test -run '^$$' -bench Annotate -benchtime 2x -count 2 ./server/video/
	/usr/bin/time -o $(CACHE)/bench/rss.txt -f 'analyze 10 s 1080p: %e s wall, peak RSS %M KB' ./$(BIN) analyze $(CACHE)/bench/sports2d_1080p_10s.mp4 --out $(CACHE)/bench/out 2>/dev/null
	@cat $(CACHE)/bench/rss.txt
	go run ./tests/benchserver --bin $(BIN) --clip $(CACHE)/bench/sports2d_1080p_10s.mp4
	@stat -c '%n %s bytes' $(WASM) $(WASM).br $(WASM).gz

# The in-browser analysis of sports2d_demo.mp4 in headless Chromium: frames
# decoded by WebCodecs, each run followed at once by MediaPipe's own
# PoseLandmarker (tasks-vision, CPU) on the same frames, three pairs (the
# median app/peer ratio); frames grabbed by seeking once.
bench-browser: setup build wasm $(TASKS_VISION_TGZ)
	go test -run '^$$' -bench InBrowser -benchtime 3x -count 1 -timeout 30m ./tests/

# Accuracy against hand annotations of real clips (tests/validation, table
# in ACCURACY.md); fails when a figure falls below the recorded floor.
VALIDATE := ./$(BIN) validate --variants all --floor tests/validation/floor.json $(VALIDATE_ARGS)

validate: setup build
	$(VALIDATE)

# Record today's figures as the new floor (after an improvement), for this
# machine's family of CPU kernels (floor.json keeps one per family). A change
# measured on one family only marks the other's figures stale:
# VALIDATE_ARGS='--stale-others "reason" [--stale-sets clip/activity]'
# (tests/validation/README.md, "The floor").
validate-floor: setup build
	$(VALIDATE) --update-floor

clean:
	rm -rf bin $(CACHE)/models
