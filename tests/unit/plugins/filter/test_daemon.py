import hashlib
import json

from ansible_collections.flotilla.swarm.plugins.filter.daemon import daemon_json_checksum, daemon_state_reused, docker_daemon_plan


def test_the_checksum_is_that_of_the_file_daemon_config_writes():
    text = json.dumps({'hosts': ['unix:///var/run/docker.sock'], 'labels': ['storage=ssd', 'zone=a']},
                      indent=2, sort_keys=True) + '\n'
    assert daemon_json_checksum({'hosts': ['unix:///var/run/docker.sock']}, {'zone': 'a', 'storage': 'ssd'}) == \
        hashlib.sha1(text.encode()).hexdigest()


def test_a_bad_label_gives_no_checksum_so_the_module_runs():
    assert daemon_json_checksum({}, {'zone': 'a b'}) == ''


def _earlier_read(files):
    """A daemon_state result as cluster.yml registers it: files read, no engine asked for."""
    return {
        'changed': False,
        'read': {'packages': [], 'dockerd': ['/usr/bin/dockerd', '/usr/sbin/dockerd'], 'checksums': [], 'exists': [],
                 'files': sorted(files), 'service': '', 'socket': '/var/run/docker.sock', 'engine': False,
                 'nodes': False},
        'files': dict((path, {'exists': True, 'checksum': 'abc', 'mode': '0644'}) for path in files),
        'packages': {}, 'checksums': {}, 'exists': {}, 'dockerd': '', 'overlay': True,
        'service': {'enabled': None, 'active': None}, 'engine': None,
    }


def test_an_earlier_read_answers_the_files_it_holds():
    earlier = _earlier_read(['/etc/docker/tls/ca.pem', '/etc/docker/tls/server-cert.pem'])
    answer = daemon_state_reused(earlier, files=['/etc/docker/tls/ca.pem'], engine='false', service='')
    assert answer['reused'] is True
    assert answer['files'] == {'/etc/docker/tls/ca.pem': {'exists': True, 'checksum': 'abc', 'mode': '0644'}}


def test_files_the_earlier_read_did_not_ask_for_answer_nothing():
    earlier = _earlier_read(['/etc/docker/tls/ca.pem'])
    assert daemon_state_reused(earlier, files=["/etc/docker/tls/server-key.pem"], engine=False, service="") == {}


def test_no_earlier_read_or_a_failed_one_answers_nothing():
    assert daemon_state_reused({}, files=['/etc/docker/tls/ca.pem'], engine=False, service='') == {}
    failed = dict(_earlier_read(['/etc/docker/tls/ca.pem']), failed=True)
    assert daemon_state_reused(failed, files=['/etc/docker/tls/ca.pem'], engine=False, service='') == {}


def test_an_engine_the_earlier_read_did_not_ask_for_answers_nothing():
    earlier = _earlier_read(['/etc/docker/tls/ca.pem'])
    assert daemon_state_reused(earlier, files=['/etc/docker/tls/ca.pem']) == {}


def test_the_plan_filter_reads_flags_as_ansible_gives_them():
    # -e docker_daemon_insecure_api=true arrives as a string.
    host = {'missing_packages': [], 'dockerd': '/usr/bin/dockerd', 'checksums': {'/etc/docker/daemon.json': 'a'},
            'service': {'enabled': True, 'active': True}, 'engine': {}}
    plan = docker_daemon_plan(host, {'files': {'/etc/docker/daemon.json': 'a'}, 'insecure_api': 'true',
                                     'new_certificates': 'false', 'marker': '/run/marker'})
    assert plan['config'] == ['the API listens without TLS client verification'] and plan['restart_pending'] == []
