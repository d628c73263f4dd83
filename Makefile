# The two commands of the README:
#   make demo   builds everything and serves the demo province at http://127.0.0.1:8080
#   make test   runs the whole test suite (what .ci/run calls)

.PHONY: demo build test

demo: build
	./target/release/chainchief demo

build:
	cargo build --release -p chainchief

test:
	scripts/test.sh
