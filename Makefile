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

.PHONY: help bootstrap venv engine artefacts cluster teardown test lint sanity unit molecule clean

help:
	@echo "make cluster    build the lab swarm (WORKERS=N scales the workers)"
	@echo "make test       lint, sanity, unit and molecule tests"
	@echo "make teardown   remove every lab container, volume and network"

venv:
	scripts/bootstrap.sh venv

engine:
	scripts/bootstrap.sh engine

artefacts:
	scripts/bootstrap.sh artefacts

bootstrap: venv engine artefacts

cluster: bootstrap
	ansible-playbook playbooks/cluster.yml $(CLUSTER_ARGS)

teardown: bootstrap
	ansible-playbook playbooks/teardown.yml $(CLUSTER_ARGS)

test: lint sanity unit molecule

lint: venv
	ansible-lint --offline --profile production

sanity: venv
	scripts/sanity.sh

unit: venv
	python -m pytest tests/unit

molecule: bootstrap
	molecule test --all

clean: teardown
	rm -rf .build
