# Entry points for the lab and the test suite. Each target installs what it
# needs first (virtual environment, Docker engine) and reuses what exists.
SHELL := /bin/bash
VENV ?= .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg

INVENTORY ?= inventories/lab
WORKERS ?=
ANSIBLE_ARGS ?=
CLUSTER_ARGS = -i $(INVENTORY) $(if $(WORKERS),-e flotilla_lab_workers=$(WORKERS)) $(ANSIBLE_ARGS)

# ansible-core lines the sanity and unit tests run on besides the toolchain's ($(VENV)), as
# NAME:PYTHON:REQUIREMENTS, each in .build/venv-NAME; the oldest is what meta/runtime.yml allows.
TEST_LINES = 2.20:3.12:tests/requirements-core-2.20.txt 2.19:3.11:tests/requirements-core-2.19.txt \
             oldest:3.11:tests/requirements-oldest.txt
# A line whose Python this machine lacks is skipped (`make lines` says so; under CI=true it fails).
ANSIBLE_TEST_VENVS = $(VENV) $(foreach line,$(TEST_LINES),.build/venv-$(firstword $(subst :, ,$(line))))
ANSIBLE_TEST_EACH = set -e; for venv in $(ANSIBLE_TEST_VENVS); do [ ! -x $$venv/bin/ansible-test ] || VENV=$$venv scripts/ansible_test.sh

.PHONY: help bootstrap venv lines engine artefacts cluster teardown test lint sanity unit package molecule bench clean

help:
	@echo "make cluster    build the lab swarm (WORKERS=N scales the workers)"
	@echo "make test       lint, sanity, unit and molecule tests"
	@echo "make teardown   remove every lab container, volume and network"
	@echo "make bench      time cluster.yml against the bare shell (BENCH_ARGS='--nodes 3 11')"

venv:
	scripts/bootstrap.sh venv

lines:
	set -e; for line in $(TEST_LINES); do scripts/bootstrap.sh line $${line//:/ }; done

engine:
	scripts/bootstrap.sh engine

artefacts:
	scripts/bootstrap.sh artefacts

bootstrap: venv engine artefacts

cluster: bootstrap
	ansible-playbook playbooks/cluster.yml $(CLUSTER_ARGS)

teardown: bootstrap
	ansible-playbook playbooks/teardown.yml $(CLUSTER_ARGS)

test: lint sanity unit package molecule

lint: venv
	ansible-lint --offline --profile production
	python scripts/role_readmes.py --check

sanity: venv lines
	$(ANSIBLE_TEST_EACH) sanity; done

unit: venv lines
	$(ANSIBLE_TEST_EACH) units; done

# The collection tarball holds the collection and nothing of the development repository.
package: venv
	scripts/check_package.sh
	scripts/check_changelog.sh

# Two streams side by side, sharing nothing but the engine: the lxc scenario (LXC
# containers on their own bridge, its own apt installs), then the fault and classic scenarios (each its own
# lab and network) in one, the other docker-in-docker scenarios in the other. Much of
# each scenario is waiting on nodes, so the two overlap well on two cores. The side
# stream's logs follow the main one's.
SIDE_SCENARIOS = lxc fault classic
molecule: bootstrap
	@mkdir -p .build
	set -o pipefail; \
	( rc=0; for s in $(SIDE_SCENARIOS); do t=$$(date +%s); molecule test -s $$s >.build/molecule-$$s.log 2>&1 || rc=1; \
	    echo "==> molecule $$s took $$(( $$(date +%s) - t )) s" >>.build/molecule-$$s.log; done; exit $$rc ) & side=$$!; \
	t=$$(date +%s); molecule test --all $(foreach s,$(SIDE_SCENARIOS),--exclude $(s)) 2>&1 | tee .build/molecule-main.log; \
	main=$$?; main_s=$$(( $$(date +%s) - t )); \
	wait $$side; side_rc=$$?; \
	for s in $(SIDE_SCENARIOS); do echo "==> molecule $$s scenario (ran beside the others):"; cat .build/molecule-$$s.log; done; \
	for log in .build/molecule-main.log $(foreach s,$(SIDE_SCENARIOS),.build/molecule-$(s).log); do \
	  grep -q 'Executed: Failed' $$log || continue; \
	  n=$$(grep -n -E 'fatal: \[|failed: \[' $$log | grep -v 'ignoring' | tail -1 | cut -d: -f1); [ -n "$$n" ] || continue; \
	  echo "==> the last failed task in $$log (line $$n):"; sed -n "$$(( n > 6 ? n - 6 : 1 )),$$(( n + 40 ))p" $$log; done; \
	echo "==> molecule: main stream rc $$main ($$main_s s), side stream ($(SIDE_SCENARIOS)) rc $$side_rc"; \
	[ $$main -eq 0 ] && [ $$side_rc -eq 0 ]

# Times cluster.yml (cold and no-op) against the bare-shell baseline on its own lab
# named bench; writes .build/bench/, docs/bench.png and the bench section of docs/performance.md.
BENCH_ARGS ?=
bench: bootstrap
	pip install -q -r scripts/bench/requirements.txt
	python scripts/bench.py $(BENCH_ARGS)

clean: teardown
	rm -rf .build
