# Targets mirror CI (.ci/run). `make test` runs every test on SQLite, and on
# PostgreSQL too when one answers at $ZHIXI_TEST_POSTGRES (default: the local
# server on 127.0.0.1:5432, database test, user postgres).
PG ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

.PHONY: test lint build run

test:
	@if [ -z "$$ZHIXI_TEST_POSTGRES" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then \
		echo "PostgreSQL found: running the store tests on SQLite and PostgreSQL"; export ZHIXI_TEST_POSTGRES='$(PG)'; \
	fi; go test -race -count=1 -timeout 20m ./...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	go vet ./...

build:
	go build -o zhixi ./cmd/zhixi

run:
	go run ./cmd/zhixi serve --demo
