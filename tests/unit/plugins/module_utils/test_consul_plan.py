# -*- coding: utf-8 -*-
# Copyright (c) flotilla.swarm contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.flotilla.swarm.plugins.module_utils import consul_acl, consul_plan

CONFIG = {'datacenter': 'dc1', 'ports': {'http': 8500}, 'retry_join': ['10.0.0.2']}
DIR = '/etc/consul.d'
BINARY = '/usr/local/bin/consul'
UNIT = consul_plan.consul_unit(BINARY, DIR, 'consul', 'consul')
TOKEN_FILE = consul_plan.agent_token_file('secret')


def want(**changes):
    base = {
        'install': {'method': 'binary', 'binary': BINARY, 'checksum': 'b1'},
        'config_dir': DIR,
        'paths': [DIR + '/consul.json', DIR + '/encrypt.json', DIR + '/acl-tokens.json', '/etc/systemd/system/consul.service', BINARY],
        'config': consul_plan.file_text(CONFIG),
        'unit': UNIT,
        'unit_path': '/etc/systemd/system/consul.service',
        'key_file': None,
        'token_file': TOKEN_FILE,
        'marker': '/run/flotilla-consul-restart-pending',
        'certificate': [],
    }
    base.update(changes)
    return base


def read(**changes):
    checksums = {
        BINARY: 'b1',
        DIR + '/consul.json': consul_plan.sha1(consul_plan.file_text(CONFIG)),
        DIR + '/encrypt.json': 'k1',
        DIR + '/acl-tokens.json': consul_plan.sha1(TOKEN_FILE),
        '/etc/systemd/system/consul.service': consul_plan.sha1(UNIT),
    }
    checksums.update(changes.pop('checksums', {}))
    base = {
        'read': {'checksums': sorted(checksums), 'services': ['consul'], 'versions': [BINARY]},
        'checksums': checksums,
        'exists': {'/run/flotilla-consul-restart-pending': False},
        'services': {'consul': {'active': True, 'enabled': True}},
        'versions': {BINARY: {'rc': 0, 'stdout': 'Consul v1.8.7\nProtocol 2 spoken by default'}},
    }
    base.update(changes)
    return base


def test_token_secrets_are_stable_and_follow_the_management_token():
    accessor = consul_plan.accessor_id('registrator', 'dc1')
    first = consul_plan.token_secret('mgmt', accessor)
    assert first == consul_plan.token_secret('mgmt', accessor)
    assert first != consul_plan.token_secret('mgmt', consul_plan.accessor_id('agent', 'dc1', 'n1'))
    assert first != consul_plan.token_secret('other', accessor)
    assert len(first) == 36 and first[14] == '4'


def test_an_agent_that_runs_as_asked_has_nothing_to_do():
    assert consul_plan.consul_host_reasons(read(), want()) == []


def test_each_difference_is_a_reason():
    assert consul_plan.consul_host_reasons(read(checksums={BINARY: 'old'}), want()) == [BINARY + ' is another build']
    assert consul_plan.consul_host_reasons(read(checksums={BINARY: None}), want()) == [BINARY + ' is missing']
    assert consul_plan.consul_host_reasons(read(checksums={DIR + '/consul.json': 'x'}), want()) == ['the configuration differs']
    assert consul_plan.consul_host_reasons(read(checksums={DIR + '/acl-tokens.json': None}), want()) == [
        'the agent token is missing']
    assert consul_plan.consul_host_reasons(read(exists={'/run/flotilla-consul-restart-pending': True}), want()) == [
        'a restart is pending from an earlier run']
    assert consul_plan.consul_host_reasons(read(services={'consul': {'active': False, 'enabled': True}}), want()) == [
        'the agent is not running and enabled']
    assert consul_plan.consul_host_reasons(read(), want(certificate=['consul.pem on the host differs'])) == [
        'consul.pem on the host differs']


def test_a_read_that_does_not_cover_the_files_runs_the_role():
    partial = read()
    partial['read'] = dict(partial['read'], checksums=[BINARY])
    assert consul_plan.consul_host_reasons(partial, want())[0].startswith('the read does not cover')
    assert consul_plan.consul_host_reasons({}, want()) == ['no read of this host']
    assert consul_plan.consul_host_reasons({'failed': True, 'read': {}}, want()) == ['no read of this host']


def test_an_unknown_version_runs_the_role():
    assert consul_plan.consul_host_reasons(read(), want(config=None)) == ['the installed Consul does not tell its version']


def test_packages_are_compared_by_version_when_one_is_asked_for():
    deb = {'method': 'package', 'binary': '/usr/bin/consul', 'package': 'consul', 'package_version': '1.8.7+dfsg1-2+b3'}
    assert consul_plan.install_reasons({'package_versions': {'consul': '1.8.7+dfsg1-2+b3'}}, deb) == []
    assert consul_plan.install_reasons({'package_versions': {'consul': '1.8.6'}}, deb) == [
        'the consul package is 1.8.6, not 1.8.7+dfsg1-2+b3']
    assert consul_plan.install_reasons({'package_versions': {'consul': None}}, deb) == ['the consul package is not installed']
    assert consul_plan.install_reasons({'package_versions': {'consul': '1.20'}}, dict(deb, package_version='')) == []


def test_gossip_keys_must_be_everywhere_and_the_same():
    path = DIR + '/encrypt.json'
    key = consul_plan.sha1(consul_plan.gossip_key_file('K'))
    same = [{'checksums': {path: key}}, {'checksums': {path: key}}]
    assert consul_plan.gossip_key_problems(same, path, '') == []
    assert consul_plan.gossip_key_problems(same, path, 'K') == []
    assert consul_plan.gossip_key_problems(same, path, 'other') == ['consul_encrypt_key differs from the key the nodes hold']
    assert consul_plan.gossip_key_problems(same + [{'checksums': {path: None}}], path, '') == ['a node has no gossip key yet']
    assert consul_plan.gossip_key_problems(same + [{}], path, '') == ['a node has no gossip key yet']
    assert consul_plan.gossip_key_problems(same + [{'checksums': {path: 'x'}}], path, '') == [
        'the nodes hold different gossip keys']


def test_the_acl_record_holds_no_secret_and_follows_objects_and_token():
    objects = consul_plan.acl_objects('dc1', 'rules', True, False, 'p/')
    record = consul_plan.acl_record(objects, 'mgmt-secret')
    assert 'mgmt-secret' not in record and json.loads(record)['objects']
    assert record == consul_plan.acl_record(objects, 'mgmt-secret')
    assert record != consul_plan.acl_record(objects, 'another')
    assert record != consul_plan.acl_record(consul_plan.acl_objects('dc1', 'rules', True, True, 'p/'), 'mgmt-secret')
    assert [t['description'] for t in objects['tokens']] == ['Anonymous Token', 'Registrator']


def test_registrator_binary_plan():
    args = consul_plan.registrator_args('10.0.0.5', 0, False, 'always', False, ['-tags', 'a b'], 'consul://127.0.0.1:8500')
    assert args == ['-ip', '10.0.0.5', '-deregister', 'always', '-tags', 'a b', 'consul://127.0.0.1:8500']
    unit = consul_plan.registrator_unit(args, '/var/run/docker.sock')
    assert "-tags 'a b' consul://127.0.0.1:8500" in unit
    paths = ['/usr/local/bin/registrator', '/etc/systemd/system/registrator.service', '/etc/default/registrator']
    wanted = {'method': 'binary', 'binary_path': paths[0], 'binary_checksum': 'r1', 'unit_path': paths[1], 'unit': unit,
              'env_path': paths[2], 'env': consul_plan.registrator_env('tok')}
    checksums = {paths[0]: 'r1', paths[1]: consul_plan.sha1(unit), paths[2]: consul_plan.sha1('CONSUL_HTTP_TOKEN=tok\n')}
    host = {'read': {'checksums': paths, 'services': ['registrator']}, 'checksums': checksums,
            'services': {'registrator': {'active': True, 'enabled': True}}}
    assert consul_plan.registrator_host_reasons(host, wanted) == []
    assert consul_plan.registrator_host_reasons(host, dict(wanted, env=consul_plan.registrator_env('new'))) == [
        'its environment differs']
    assert consul_plan.registrator_host_reasons(dict(host, services={}), wanted) == ['registrator is not running and enabled']


def test_registrator_container_plan():
    fingerprint = consul_plan.registrator_fingerprint('img', ['-ip', '1'], 'tok')
    assert fingerprint != consul_plan.registrator_fingerprint('img', ['-ip', '1'], 'other')
    wanted = {'method': 'container', 'name': 'registrator', 'fingerprint': fingerprint}
    running = {'running': True, 'image': 'img', 'labels': {'flotilla.swarm.fingerprint': fingerprint}}
    host = {'read': {'containers': ['registrator']}, 'containers': {'registrator': running}}
    assert consul_plan.registrator_host_reasons(host, wanted) == []
    assert consul_plan.registrator_host_reasons(dict(host, containers={'registrator': None}), wanted) == [
        'no registrator container']
    stopped = dict(running, running=False, labels={})
    assert consul_plan.registrator_host_reasons(dict(host, containers={'registrator': stopped}), wanted) == [
        'the container was made with other settings', 'the container is not running']


def test_acl_actions():
    policy = {'name': 'p', 'description': 'd', 'rules': 'r'}
    assert consul_acl.policy_action(None, policy) == 'create'
    assert consul_acl.policy_action({'ID': '1', 'Rules': 'r', 'Description': 'd'}, policy) is None
    assert consul_acl.policy_action({'ID': '1', 'Rules': 'old', 'Description': 'd'}, policy) == 'update'
    token = {'accessor_id': 'a', 'secret_id': 's', 'description': 'Agent token for n1',
             'node_identities': [{'node_name': 'n1', 'datacenter': 'dc1'}]}
    existing = {'AccessorID': 'a', 'SecretID': 's', 'Description': 'Agent token for n1',
                'NodeIdentities': [{'NodeName': 'n1', 'Datacenter': 'dc1'}]}
    assert consul_acl.token_action(None, token) == 'create'
    assert consul_acl.token_action(existing, token) is None
    # A secret Consul chose (an earlier version of the role): made again with the derived one.
    assert consul_acl.token_action(dict(existing, SecretID='chosen'), token) == 'replace'
    assert consul_acl.token_action(dict(existing, Description='x'), token) == 'update'
    anonymous = {'accessor_id': consul_plan.ANONYMOUS_ACCESSOR, 'description': 'Anonymous Token', 'policies': ['a']}
    assert consul_acl.token_action({'SecretID': 'anonymous', 'Description': 'Anonymous Token',
                                    'Policies': [{'ID': 'x', 'Name': 'a'}]}, anonymous) is None
    assert consul_acl.token_body(token)['SecretID'] == 's' and 'SecretID' not in consul_acl.token_body(anonymous)


def test_inventory_problems():
    from ansible_collections.flotilla.swarm.plugins.module_utils.consul_config import inventory_problems
    assert inventory_problems(['m1', 'm2', 'm3'], 'mgr', ['present'] * 3, 'dc1', 'archive', '', False) == []
    even = inventory_problems(['m1', 'm2'], 'mgr', ['present'] * 2, 'dc1', 'archive', '', False)
    assert len(even) == 1 and 'odd number of servers' in even[0] and "'mgr' has 2" in even[0]
    leaving = inventory_problems(['m1', 'm2', 'm3'], 'mgr', ['present', 'absent', 'present'], 'dc1', 'archive', '', False)
    assert leaving[0].startswith('m2: marked swarm_node_state=absent')
    assert 'Consul takes lowercase' in inventory_problems(['m1'], 'mgr', ['present'], 'DC 1', 'archive', '', False)[0]
    assert 'must be archive, package or local' in inventory_problems(['m1'], 'mgr', ['present'], 'dc1', 'zip', '', False)[0]
    assert 'must be archive, package or local' in inventory_problems(['m1'], 'mgr', ['present'], 'dc1', 'local', '', False)[0]
    missing = inventory_problems(['m1'], 'mgr', ['present'], 'dc1', 'local', '/nonexistent/consul.deb', False)
    assert missing == ['consul_local_artefact /nonexistent/consul.deb does not exist on the controller: put a consul '
                       'binary or .deb there (for the lab, `make artefacts` downloads it) or use consul_install_method '
                       'archive or package.']


def test_package_versions_give_the_upstream_version():
    assert consul_plan.package_version('1.8.7+dfsg1-2+b3') == '1.8.7'
    assert consul_plan.package_version('1:1.20.2-1') == '1.20.2'
    assert consul_plan.package_version(None) is None


def test_a_package_install_is_covered_by_the_package_read():
    deb = {'method': 'package', 'binary': '/usr/bin/consul', 'package': 'consul', 'package_version': ''}
    host = read()
    host['read'] = dict(host['read'], versions=[], packages=['consul'])
    host['package_versions'] = {'consul': '1.8.7+dfsg1-2+b3'}
    host['checksums']['/usr/bin/consul'] = 'x'
    wanted = want(install=deb, paths=[DIR + '/consul.json'])
    assert consul_plan.consul_host_reasons(host, wanted) == []
    host['read'] = dict(host['read'], packages=[])
    assert consul_plan.consul_host_reasons(host, wanted)[0].startswith('the read does not cover')
