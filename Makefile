# Jeugdintake. The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONWARNINGS := ignore

.PHONY: help run test bootstrap locales extract update-locales train lint db demo bench nlu-eval safety-eval safety-ordinary safety-fresh risk-thresholds themes-holdout browsers clean profile

help:
	@echo "make run    start the whole system (bootstraps .venv, database, model)"
	@echo "make test   bootstrap and run the whole test suite"
	@echo "other: make train | lint | update-locales | nlu-eval | safety-eval | safety-ordinary | risk-thresholds | themes-holdout | bench | bench-train | bench-scale | bench-first-run | test-several | clean"

# One resolver run for everything (Rasa pins SQLAlchemy 1.4, pydantic 1.10, packaging 20.9).
$(STAMP): pyproject.toml scripts/find-python.sh
	@PY="$$(scripts/find-python.sh)" || exit 1; \
	if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  echo "creating $(VENV) with $$PY"; rm -rf $(VENV); "$$PY" -m venv $(VENV) || exit 1; \
	fi
	$(BIN)/pip install --disable-pip-version-check -q -e '.[dev]'
	$(BIN)/pip check
	@touch $(STAMP)

bootstrap: $(STAMP) locales

locales: $(STAMP)
	@$(BIN)/pybabel compile -d locales -D messages 2>&1 | grep -v "^compiling" ; test $${PIPESTATUS[0]} -eq 0

# Re-extract the msgids from code and domain and merge them into every .po file.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header -o locales/messages.pot .

update-locales: extract
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching --ignore-obsolete

db: bootstrap
	$(BIN)/intake db upgrade

demo: db
	$(BIN)/intake db seed --demo

train: bootstrap
	$(BIN)/intake train

run: demo train
	$(BIN)/intake run

# The lint commands, one shell line, so that `make test` can run them without a recursive $(MAKE) (a recipe
# line that names $(MAKE) is executed even by `make -n`).
LINT = $(BIN)/ruff check bot actions tests scripts && mkdir -p var && \
  { $(BIN)/rasa data validate --fail-on-warnings --data nlu_data/data --domain nlu_data/domain \
      --config nlu_data/config.yml > var/validate.log 2>&1 || { tail -30 var/validate.log; false; }; }

lint: bootstrap
	$(LINT)

# Two rounds, one after the other, each with two pytest-xdist workers. First lint, the risk model and
# the tests that need no Rasa model (round 1); then the Rasa training (only when nlu_data/ changed);
# then the tests marked `stack` (the real Rasa server, action server and bot app). Each round must
# pass and must run tests (pytest's exit code 5, no tests, fails too); a failing round 1 stops before
# the training. Nothing runs beside the training: on two cores TensorFlow's threads and a test run
# beside it slowed each other down more than running them in turn (docs/benchmarks.md, "make test,
# round by round"). The stack round groups tests by module (--dist loadgroup), and every module that
# needs the PostgreSQL stack in one group, so only one worker starts that stack (tests/conftest.py).
test: bootstrap browsers postgres redis
	@mkdir -p var
	@$(LINT) && $(BIN)/intake train --only risk || { echo "make test: lint or the risk model failed"; exit 1; }; \
	  $(BIN)/pytest -q -m "not stack and not several" -n 2 --dist loadfile --durations=15; first=$$?; \
	  if [ $$first -ne 0 ]; then echo "make test: tests without Rasa exit $$first (the Rasa training and the stack tests did not run)"; exit 1; fi; \
	  $(BIN)/intake train --only rasa > var/train-test.log 2>&1; trained=$$?; cat var/train-test.log; \
	  if [ $$trained -ne 0 ]; then echo "intake train --only rasa failed (exit $$trained)"; exit 1; fi; \
	  $(BIN)/pytest -q -m "stack and not several" -n 2 --dist loadgroup --durations=30; second=$$?; \
	  echo "make test: tests without Rasa exit $$first, stack tests exit $$second"; \
	  [ $$second -eq 0 ]

# The staff browser tests drive Debian's chromium (Playwright cannot download browsers here).
browsers:
	@command -v chromium >/dev/null 2>&1 || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

clean:
	rm -rf var models .pytest_cache

# Benchmarks print numbers and append them to docs/benchmarks.md; they are not timed tests.
bench: bootstrap train
	$(BIN)/python scripts/bench.py

# The Rasa training from scratch, seconds per component (what a clean clone's `make test` spends first).
bench-train: bootstrap
	$(BIN)/python scripts/rasa_train_time.py --write

# Leave one writer out: one NLU training per writer (eight), each scored on the writer it left out (CPU-heavy,
# niced; results cached in var/nlu-eval/ while nlu_data/ is unchanged, so a stopped run resumes).
# WRITERS=a,b leaves out only those (appended as partial). FRESH=path/to/file.jsonl (or a folder of them,
# one row per file and one for the folder) instead scores a
# new writer's set once with the model trained on everything (figures only, never a message).
# Each appends to docs/benchmarks.md.
nlu-eval: bootstrap
	nice -n 10 $(BIN)/python scripts/nlu_eval.py $(if $(FRESH),--fresh "$(FRESH)") $(if $(WRITERS),--writers "$(WRITERS)")

# How readable the Dutch texts are (Flesch-Douma, longest sentence; the test fails above B1):
# prints the summary and one line per theme answer; appends the summary to docs/benchmarks.md.
readability: bootstrap
	$(BIN)/python scripts/readability_report.py --themes --write

# The safety net, leave one writer out on data/risk/ (a fold per writer: 881 s for 16 writers on 2 cores
# at load 5, 2026-11-30): mean and worst
# writer per category and outcome; appends the table to docs/benchmarks.md. A fresh set by new
# writers is scored once with `make safety-fresh FRESH=path/to/file.jsonl` (figures only).
# Each theme from the hold-out writers' first messages through the real stack; the table goes to
# docs/benchmarks.md (the test also runs in make test, where nothing is appended).
# FRESH=<folder of new writers' .jsonl> scores that folder ONCE instead (the data checks, then the
# same stack test case by case, without the kept floors; the table is appended labelled FRESH with the folder's
# fingerprint; a folder already scored is refused). Never part of make test.
themes-holdout: bootstrap train
	@if [ -n "$(FRESH)" ]; then $(BIN)/python scripts/themes_holdout_report.py --check-fresh "$(FRESH)" || exit 1; fi
	rm -f var/themes-holdout.md
	THEMES_HOLDOUT_FRESH="$(FRESH)" CI=true $(BIN)/pytest -q -p no:cacheprovider \
	  $(if $(FRESH),tests/unit/test_themes_holdout_data.py) tests/conversation/test_themes_holdout.py; status=$$?; \
	$(BIN)/python scripts/themes_holdout_report.py && exit $$status

safety-eval: bootstrap
	nice -n 10 $(BIN)/python scripts/safety_eval.py --write $(if $(MISSES),--misses $(MISSES)) $(if $(KEEP),--keep $(KEEP))

# How often the screen asks the check-in or gives the card on the NLU writers' everyday messages
# (never risk training data); appends the table to docs/benchmarks.md.
safety-ordinary: bootstrap
	$(BIN)/python scripts/safety_ordinary_eval.py --write

safety-fresh: bootstrap
	@test -n "$(FRESH)" || { echo "usage: make safety-fresh FRESH=path/to/fresh.jsonl (or a folder of them)"; exit 2; }
	$(BIN)/python scripts/safety_eval.py --fresh "$(FRESH)"

# The shipped risk thresholds, chosen on out-of-writer predictions (a model per corpus writer: minutes,
# CPU-heavy) and kept in data/risk-thresholds.json with the key of the corpus and code they are for;
# `intake train` only reads them. Run it (and commit the file) after changing data/risk/ or the
# classifier's code: tests/unit/test_risk_thresholds.py fails until then.
risk-thresholds: bootstrap
	nice -n 10 $(BIN)/python scripts/risk_thresholds.py

# PostgreSQL server binaries for the double-booking test (tests/e2e/test_booking_concurrency.py
# starts its own server with initdb/pg_ctl). Idempotent: installs only when initdb is missing.
.PHONY: postgres bench-slots profile readability bench-train
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "WARNING: cannot install PostgreSQL (no apt-get/root); its booking tests will skip (fail under CI)"; fi

# Redis server binaries for the shared-state and several-instances tests (tests/support/redis.py
# starts its own server on a free port). Idempotent: installs only when redis-server is missing.
.PHONY: redis bench-scale test-several bench-first-run
redis:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
	  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	else echo "WARNING: cannot install Redis (no apt-get/root); its tests will skip (fail under CI)"; fi

# The several-instances test as a load run (tests/e2e/test_several_instances.py): PostgreSQL,
# Redis, two bot apps, two Rasa servers, two action servers, CHATS chats x 8 messages (200 by
# default) while a Rasa server and a bot app restart. Too long for `make test`, which runs the same
# test with six chats (pytest's default -m 'not several' leaves the load run out). Its figures go
# to docs/benchmarks.md by scripts/several_report.py, passed or failed.
CHATS ?= 200
test-several: bootstrap train postgres redis
	@mkdir -p var && rm -f var/several-load.json
	INTAKE_TEST_CHATS=$(CHATS) INTAKE_SEVERAL_FIGURES=var/several-load.json nice -n 10 \
	  $(BIN)/pytest -q -s -m several tests/e2e/test_several_instances.py; rc=$$?; \
	  $(BIN)/python scripts/several_report.py var/several-load.json --exit-code $$rc; exit $$rc

# Throughput and reply times with 1 and 2 Rasa servers (PostgreSQL, Redis, webhook); appends
# to docs/benchmarks.md. Heavy: run it with the machine otherwise quiet (it uses nice itself).
bench-scale: bootstrap train postgres redis
	nice -n 10 $(BIN)/python scripts/bench_scale.py

# Slot search for 20 workers over 8 weeks; prints numbers and appends a row to docs/benchmarks.md.
bench-slots: bootstrap
	$(BIN)/python scripts/bench_slots.py

profile: bootstrap train
	$(BIN)/python scripts/profile_service.py

# How long a new user waits: `make run` on a clean clone (first run, then a second one with nothing
# changed), each timed until `ready`; prints and appends the figures to docs/benchmarks.md.
bench-first-run: bootstrap
	nice -n 10 $(BIN)/python scripts/first_run.py
