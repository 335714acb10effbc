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

# ansible-core versions the sanity and unit tests run on: the toolchain's and the
# oldest that meta/runtime.yml allows (tests/requirements-oldest.txt).
OLDEST_VENV ?= .build/venv-oldest
ANSIBLE_TEST_VENVS = $(VENV) $(OLDEST_VENV)

.PHONY: help bootstrap venv oldest engine artefacts cluster teardown test lint sanity unit package molecule bench clean

help:
	@echo "make cluster    build the lab swarm (WORKERS=N scales the workers)"
	@echo "make test       lint, sanity, unit and molecule tests"
	@echo "make teardown   remove every lab container, volume and network"
	@echo "make bench      time cluster.yml against the bare shell (BENCH_ARGS='--nodes 3 11')"

venv:
	scripts/bootstrap.sh venv

oldest:
	OLDEST_VENV=$(OLDEST_VENV) scripts/bootstrap.sh oldest

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

sanity: venv oldest
	set -e; for venv in $(ANSIBLE_TEST_VENVS); do VENV=$$venv scripts/ansible_test.sh sanity; done

unit: venv oldest
	set -e; for venv in $(ANSIBLE_TEST_VENVS); do VENV=$$venv scripts/ansible_test.sh units; done

# The collection tarball holds the collection and nothing of the development repository.
package: venv
	scripts/check_package.sh
	scripts/check_changelog.sh

# The lxc scenario shares nothing with the docker-in-docker ones (LXC containers on
# their own bridge, its own apt installs), so it runs beside them; its log follows theirs.
molecule: bootstrap
	@mkdir -p .build
	set -o pipefail; \
	molecule test -s lxc >.build/molecule-lxc.log 2>&1 & lxc=$$!; \
	molecule test --all --exclude lxc; dind=$$?; \
	wait $$lxc; lxc_rc=$$?; \
	echo "==> molecule lxc scenario (ran beside the others), rc $$lxc_rc:"; cat .build/molecule-lxc.log; \
	echo "==> molecule: docker-in-docker scenarios rc $$dind, lxc scenario rc $$lxc_rc"; \
	[ $$dind -eq 0 ] && [ $$lxc_rc -eq 0 ]

# Times cluster.yml (cold and no-op) against the bare-shell baseline on its own lab
# named bench; writes .build/bench/, docs/bench.png and the README's bench section.
BENCH_ARGS ?=
bench: bootstrap
	pip install -q -r scripts/bench/requirements.txt
	python scripts/bench.py $(BENCH_ARGS)

clean: teardown
	rm -rf .build
