"""The lab_dind role's plan for a present lab: module_utils/lab_plan.plan and its helpers."""

from ansible_collections.flotilla.swarm.plugins.module_utils.lab_plan import (
    fingerprints, image_engine_tag, network_as_wanted, plan, sysctl_raise, unwanted)

SETTINGS = {'name': 'lab', 'image': 'flotilla/lab-node:trixie', 'network': 'flotilla-lab', 'subnet': '',
            'privileged': False, 'options_version': 1, 'rebuild': False, 'recreate': False, 'leave_first': False}
NODES = [{'name': 'lab-manager-1', 'groups': ['swarm_managers']}, {'name': 'lab-worker-1', 'groups': ['swarm_workers']}]
OPTIONS = [1, 'flotilla/lab-node:trixie', 'flotilla-lab', False]


def container(name, groups, state='running', image='sha256:img', config=None):
    node = {'name': name, 'groups': groups.split(',') if groups else []}
    label = config if config is not None else fingerprints([node], OPTIONS)[name][0]
    return {'Names': ['/' + name], 'State': state, 'ImageID': image,
            'Labels': {'flotilla.lab': 'lab', 'flotilla.lab.groups': groups, 'flotilla.lab.config': label}}


def network(**changes):
    result = {'Name': 'flotilla-lab', 'Driver': 'bridge', 'Labels': {'flotilla.lab': 'lab'},
              'IPAM': {'Config': [{'Subnet': '172.20.0.0/16'}]}}
    result.update(changes)
    return result


def existing(containers=(), images=({'Id': 'sha256:img'},), networks=None):
    return {'containers': list(containers), 'images': list(images),
            'networks': [network()] if networks is None else networks}


def test_a_lab_as_it_should_be_has_nothing_to_do():
    result = plan(NODES, existing([container('lab-manager-1', 'swarm_managers'),
                                   container('lab-worker-1', 'swarm_workers')]), SETTINGS)
    assert not result['change'] and result['todo'] == [] and result['problems'] == []
    assert not result['image_build'] and result['network_as_wanted']


def test_a_new_lab_builds_the_image_creates_the_network_and_every_node():
    result = plan(NODES, existing(images=(), networks=[]), SETTINGS)
    assert result['change'] and result['image_build'] and not result['network_as_wanted']
    assert [node['name'] for node in result['todo']] == ['lab-manager-1', 'lab-worker-1']


def test_a_stopped_node_is_started_a_changed_one_is_refused_unless_asked():
    containers = [container('lab-manager-1', 'swarm_managers', state='exited'),
                  container('lab-worker-1', 'swarm_managers')]  # its groups changed (a mistyped group name)
    result = plan(NODES, existing(containers), SETTINGS)
    assert [node['name'] for node in result['todo']] == ['lab-manager-1']
    assert 'lab-worker-1 (its groups change from swarm_managers to swarm_workers)' in result['problems'][0]
    asked = plan(NODES, existing(containers), dict(SETTINGS, recreate=True))
    assert asked['problems'] == [] and len(asked['todo']) == 2
    # A rebuilt image creates every node again, and needs no other switch.
    rebuilt = plan(NODES, existing(containers), dict(SETTINGS, rebuild=True))
    assert rebuilt['image_build'] and len(rebuilt['todo']) == 2 and rebuilt['problems'] == []


def test_unwanted_nodes_are_removed_or_left_running_to_leave_the_swarm_first():
    containers = [container('lab-manager-1', 'swarm_managers'), container('lab-worker-1', 'swarm_workers'),
                  container('lab-worker-2', 'swarm_workers'), container('lab-worker-3', 'swarm_workers', 'exited')]
    result = plan(NODES, existing(containers), SETTINGS)
    assert result['remove_now'] == ['lab-worker-2', 'lab-worker-3'] and result['leaving'] == [] and result['change']
    first = plan(NODES, existing(containers), dict(SETTINGS, leave_first=True))
    assert first['leaving'] == [{'name': 'lab-worker-2', 'running': True, 'groups': ['swarm_workers']}]
    assert first['remove_now'] == ['lab-worker-3']


def test_fingerprints_sorted_first_and_the_entry_order_of_older_labs():
    node = {'name': 'n', 'groups': [], 'ipv4_address': '10.0.0.9'}
    sorted_print, ordered_print = fingerprints([node], OPTIONS)['n']
    assert sorted_print != ordered_print
    # A container created with the entry's own key order is as good.
    result = plan([node], existing([container('n', '', config=ordered_print)]), SETTINGS)
    assert result['todo'] == [] and result['problems'] == []
    # Other options (another image name) are not.
    other = plan([node], existing([container('n', '', config=ordered_print)]), dict(SETTINGS, image='other'))
    assert other['problems'] and 'its container options changed' in other['problems'][0]


def test_the_network_must_be_the_lab_s_bridge_with_the_subnet_asked():
    assert network_as_wanted([network()], 'flotilla-lab', 'lab')
    assert network_as_wanted([network()], 'flotilla-lab', 'lab', '172.20.0.0/16')
    assert not network_as_wanted([network()], 'flotilla-lab', 'lab', '10.9.0.0/16')
    assert not network_as_wanted([network(Driver='overlay')], 'flotilla-lab', 'lab')
    assert not network_as_wanted([network(Labels={'flotilla.lab': 'other'})], 'flotilla-lab', 'lab')
    # The name filter also matches parts of names.
    assert not network_as_wanted([network(Name='flotilla-lab-2')], 'flotilla-lab', 'lab')


def test_unwanted_reads_the_groups_a_container_was_created_in():
    assert unwanted([container('x', 'a,b', 'exited')], NODES) == [{'name': 'x', 'running': False, 'groups': ['a', 'b']}]
    assert unwanted([], NODES) == []


def test_sysctl_raise_keeps_a_higher_setting():
    wanted = {'fs.inotify.max_user_instances': 8192, 'fs.inotify.max_user_watches': 524288}
    assert sysctl_raise(wanted, ['128', '1048576']) == [{'key': 'fs.inotify.max_user_instances', 'value': 8192, 'now': 128}]
    assert sysctl_raise(wanted, [8192, 524288]) == []


def test_image_engine_tag():
    assert image_engine_tag('28.5.2+dfsg4-5', '1.44') == '-docker.io-28.5.2_dfsg4-5-api1.44'
    assert image_engine_tag('', '1.44') == '-api1.44'
    assert image_engine_tag('', '') == ''
