# The two commands of the README:
#   make demo   builds everything and serves the demo province at http://127.0.0.1:8080
#   make test   runs the whole test suite (what .ci/run calls)

.PHONY: demo build web test

demo: build
	./target/release/chainchief demo

# The browser UI is compiled into the binary (crates/webui embeds web/dist), so it is built first.
build: web
	cargo build --release -p chainchief

# npm ci only when the lock file is newer than the installed packages.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web: web/node_modules/.package-lock.json
	cd web && npm run build

test:
	scripts/test.sh
