# Every target installs what it needs into .venv on first use, from the lock files in
# requirements/ (exact versions with hashes): a new upstream release changes nothing until
# `make lock` is run on purpose.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
HEADLESS := SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
PIP_COMPILE := pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links

.PHONY: play test bench bench-baseline slow lint schema lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME_STAMP): requirements/runtime.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/runtime.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): requirements/dev.txt pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/dev.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(RUNTIME_STAMP)

play: $(RUNTIME_STAMP)
	$(BIN)/python run.py play

test: $(DEV_STAMP)
	$(HEADLESS) $(BIN)/python -m ruff check .
	$(HEADLESS) $(BIN)/python -m pytest -q -m "not slow" -n auto

# Benchmarks are timed in CPU seconds (tests/bench/cpu_clock.py): `make bench` prints each
# benchmark's median beside its budget and beside the stored medians (tests/bench/baseline.json,
# for information: times stored from another hour are not comparable on a shared machine), then
# the gate, tests/bench/paired.py, runs the engine and AI workloads on the baseline commit
# (tests/bench/baseline_commit) and on this tree in turn, B A B A ..., and fails when the median
# of the pairs' ratios is more than 25% slower. `make bench-baseline REASON="..."`, run on a
# commit of main (a branch commit is rewritten when it is rebased), records a new
# baseline on purpose: this commit, why, and its medians.
BENCH = $(HEADLESS) $(BIN)/python -m pytest tests/bench -p no:xdist --benchmark-enable \
	--benchmark-only --benchmark-timer tests.bench.cpu_clock.cpu_time \
	--benchmark-columns=min,median,max,rounds
BENCH_BASELINE := tests/bench/baseline.json

bench: $(DEV_STAMP)
	$(BENCH) --benchmark-compare=$(BENCH_BASELINE)
	$(HEADLESS) $(BIN)/python tests/bench/paired.py

bench-baseline: $(DEV_STAMP)
	@test -n "$(REASON)" || { echo 'make bench-baseline REASON="why this commit"'; exit 2; }
	@git diff --quiet HEAD || { echo "commit first: the baseline is a commit"; exit 2; }
	$(BENCH) --benchmark-json=$(BENCH_BASELINE)
	echo "$$(git rev-parse HEAD) $(REASON)" > tests/bench/baseline_commit

slow: $(DEV_STAMP)
	$(HEADLESS) $(BIN)/python -m pytest -q -m slow

lint: $(DEV_STAMP)
	$(BIN)/python -m ruff check .

schema: $(DEV_STAMP)
	$(BIN)/python run.py schema --write
	$(BIN)/python run.py guide

# Refresh the locks on purpose (newest releases that pyproject.toml allows), in a throw-away venv
# so the tool that writes them never enters the project's own environment.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet pip-tools==7.7.0
	cd requirements && ../.lock-venv/bin/$(PIP_COMPILE) -o runtime.txt ../pyproject.toml build.in
	cd requirements && ../.lock-venv/bin/$(PIP_COMPILE) --extra study -o study.txt ../pyproject.toml build.in
	cd requirements && ../.lock-venv/bin/$(PIP_COMPILE) --extra dev --extra study -o dev.txt ../pyproject.toml build.in
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks .hypothesis
