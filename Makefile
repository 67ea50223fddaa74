# Two entry points that work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench fuzz clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	touch $@

# the base install: what the demo needs (the test extras add Spark, pyarrow, a browser driver…)
$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-%: pyproject.toml $(VENV)/.created
	$(PY) -m pip install --quiet -e ".[$*]"
	touch $@

# the first scan on a machine compiles the matching kernels (about half a minute), and says so
demo: $(VENV)/.installed
	$(VENV)/bin/dedup scan fixtures/corpus fixtures/malformed fixtures/realworld/*/ --format table

# lint and type checks first (seconds), then the suite
test: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest -q

bench: $(VENV)/.installed-bench
	$(PY) benchmarks/run.py

# coverage-guided fuzzing of the readers and text rules for FUZZ_SECONDS; a crash, or an input
# that takes over 10 s (a rule that is not linear), is kept in fixtures/fuzz/
FUZZ_SECONDS ?= 300
fuzz: $(VENV)/.installed-fuzz
	rm -rf .fuzz && mkdir -p .fuzz/corpus && cp fuzz/seeds/* .fuzz/corpus/
	cd .fuzz && ../$(PY) ../fuzz/fuzz_read.py -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 corpus; \
	  status=$$?; found=$$(ls crash-* timeout-* 2>/dev/null); \
	  if [ -n "$$found" ]; then cp $$found ../fixtures/fuzz/; echo "kept in fixtures/fuzz/: $$found"; exit 1; fi; \
	  echo "no crash in $(FUZZ_SECONDS) s"; exit $$status

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .fuzz
