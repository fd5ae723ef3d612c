# The two commands: `make site` builds the example site and its PDFs, `make test` runs all tests.
# Both set up what is missing first (scripts/setup.sh) and are safe to re-run.
VENV := .venv/bin

.PHONY: setup site test lint bench

setup:
	@bash scripts/setup.sh

site: setup
	$(VENV)/jixiao build content

lint: setup
	$(VENV)/ruff check builder tests benchmarks
	$(VENV)/ruff format --check builder tests benchmarks
	$(VENV)/mypy

test: setup lint
	$(VENV)/pytest
