"""Every module's EXAMPLES use only options the module has, and do what their names say."""
import importlib

import pytest
import yaml

from ansible_collections.flotilla.swarm.plugins.module_utils.engine import ENGINE_ARGUMENT_SPEC

MODULES = ['daemon_config', 'kernel_features', 'lxc_docker_config', 'swarm_membership', 'swarm_node', 'swarm_token']


def options_of(name):
    module = importlib.import_module('ansible_collections.flotilla.swarm.plugins.modules.' + name)
    documented = yaml.safe_load(module.DOCUMENTATION).get('options') or {}
    names = set(documented)
    for option in documented.values():
        names.update(option.get('aliases') or [])
    if 'flotilla.swarm.engine' in yaml.safe_load(module.DOCUMENTATION).get('extends_documentation_fragment', []):
        for option, spec in ENGINE_ARGUMENT_SPEC.items():
            names.add(option)
            names.update(spec.get('aliases') or [])
    return module, names


@pytest.mark.parametrize('name', MODULES)
def test_examples_use_existing_options(name):
    module, options = options_of(name)
    tasks = yaml.safe_load(module.EXAMPLES)
    assert tasks
    for task in tasks:
        args = task.get('flotilla.swarm.' + name) or {}
        assert set(args) <= options, (task['name'], set(args) - options)


@pytest.mark.parametrize('name', MODULES)
def test_an_example_that_says_it_waits_asks_for_a_wait(name):
    module, _options = options_of(name)
    for task in yaml.safe_load(module.EXAMPLES):
        if ' wait' in task['name'].lower():
            args = task.get('flotilla.swarm.' + name) or {}
            assert set(args) & {'wait', 'wait_timeout', 'join_wait'} or args.get('state') == 'absent', task['name']
