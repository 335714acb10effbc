import base64
import json

import pytest

from ansible_collections.flotilla.swarm.plugins.filter.consul import consul_datacenter_problems, consul_server_addresses
from ansible_collections.flotilla.swarm.plugins.module_utils.consul_config import (
    datacenter_change_problems, datacenter_problems)


@pytest.mark.parametrize('name', ['dc1', 'eu-west_2', 'a'])
def test_names_consul_takes(name):
    assert datacenter_problems(name) == []


@pytest.mark.parametrize('name', ['dc 1!', 'DC1', '', 'dc.1', None, 1])
def test_names_consul_refuses(name):
    assert datacenter_problems(name) == [
        "consul_datacenter=%r: Consul takes lowercase letters, digits, '-' and '_' only (such as dc1)" % (name,)]


def test_a_running_cluster_keeps_its_datacenter_unless_asked():
    running = {'m1': 'dc1', 'w1': 'dc1', 'new': None}
    assert datacenter_change_problems('dc1', running) == []
    problems = datacenter_change_problems('dc2', running)
    assert len(problems) == 1
    assert problems[0].startswith('consul_datacenter=dc2, but the Consul agents on m1, w1 run in datacenter dc1.')
    assert 'Keep consul_datacenter=dc1, or set consul_datacenter_change=true to move. Nothing was changed.' in problems[0]
    assert datacenter_change_problems('dc2', running, allowed=True) == []
    # A new cluster (no agent configured yet) may take any valid name.
    assert datacenter_change_problems('dc2', {'m1': None}) == []


def slurped(node, config):
    """One result of the role's slurp loop over consul.json."""
    if config is None:
        return {'item': node, 'failed': True, 'msg': 'file not found'}
    return {'item': node, 'content': base64.b64encode(json.dumps(config).encode()).decode()}


def test_the_filter_reads_the_slurped_configurations():
    results = [slurped('m1', {'datacenter': 'dc1', 'server': True}), slurped('w9', None)]
    assert consul_datacenter_problems(results, 'dc1') == []
    assert 'agents on m1 run in datacenter dc1' in consul_datacenter_problems(results, 'dc2')[0]
    assert consul_datacenter_problems(results, 'dc2', True) == []
    # A bad name is refused first, whatever runs.
    assert consul_datacenter_problems([], 'dc 1!')[0].startswith("consul_datacenter='dc 1!'")


def test_server_addresses_follow_the_group_order_and_each_host_s_own_setting():
    hostvars = {'s1': {'ansible_facts': {'default_ipv4': {'address': '10.0.0.1'}}},
                's2': {'consul_advertise_address': '10.1.0.2', 'ansible_facts': {'default_ipv4': {'address': '10.0.0.2'}}}}
    assert consul_server_addresses(['s2', 's1', 'gone'], hostvars) == ['10.1.0.2', '10.0.0.1', '']
