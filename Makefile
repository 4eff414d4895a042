# The two set-up commands of README.md, plus the benchmarks.
.PHONY: run test bench build

run:    ## start nc in the foreground (installs what is missing, builds, prints the default account)
	@bash scripts/run.sh

test:   ## run every test (starts the PostgreSQL the persistence tests also run against)
	@bash scripts/test.sh

bench:  ## run the benchmarks in bench/
	@bash bench/run.sh

build:
	@bash scripts/build.sh
