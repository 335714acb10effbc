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

.PHONY: help bootstrap venv oldest engine artefacts cluster teardown test lint sanity unit package molecule clean

help:
	@echo "make cluster    build the lab swarm (WORKERS=N scales the workers)"
	@echo "make test       lint, sanity, unit and molecule tests"
	@echo "make teardown   remove every lab container, volume and network"

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

molecule: bootstrap
	molecule test --all

clean: teardown
	rm -rf .build
