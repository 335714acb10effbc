import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_config import (
    build_daemon_config, check_daemon_config, engine_labels, has_overlay, missing_packages, role_daemon_config,
    start_error, unverified_tcp_hosts)

TLS = {'ca': '/etc/docker/tls/ca.pem', 'cert': '/etc/docker/tls/server-cert.pem', 'key': '/etc/docker/tls/server-key.pem'}


def test_engine_labels_become_sorted_key_value_strings():
    assert engine_labels({'zone': 'external', 'storage': 'ssd', 'rack': 3}) == ['rack=3', 'storage=ssd', 'zone=external']
    assert engine_labels({}) == []


@pytest.mark.parametrize('labels', [
    {'bad key': 'x'}, {'=x': 'y'}, {'': 'y'}, {'-lead': 'y'},
    {'k': None}, {'k': True}, {'k': ['a']}, {'k': 'two words'},
])
def test_engine_labels_rejects(labels):
    with pytest.raises(ValueError):
        engine_labels(labels)


def test_build_daemon_config_merges_everything():
    config = build_daemon_config({'log-driver': 'json-file'}, labels={'storage': 'ssd'},
                                 hosts=['unix:///var/run/docker.sock', 'tcp://10.0.0.1:2376'], tls=TLS,
                                 storage_driver='overlay2')
    assert config == {
        'log-driver': 'json-file', 'labels': ['storage=ssd'], 'storage-driver': 'overlay2',
        'hosts': ['unix:///var/run/docker.sock', 'tcp://10.0.0.1:2376'],
        'tls': True, 'tlsverify': True, 'tlscacert': TLS['ca'], 'tlscert': TLS['cert'], 'tlskey': TLS['key'],
    }
    assert check_daemon_config(config) == []


def test_build_daemon_config_does_not_modify_its_input():
    base = {'debug': True}
    build_daemon_config(base, labels={'a': 'b'})
    assert base == {'debug': True}


def test_labels_option_replaces_labels_from_the_base():
    assert build_daemon_config({'labels': ['old=1']}, labels={'new': '2'})['labels'] == ['new=2']


@pytest.mark.parametrize('config,message', [
    ({'no-such-option': True}, "'no-such-option' is not a daemon.json directive"),
    ({'hosts': 'tcp://0.0.0.0:2376'}, "'hosts' must be a list"),
    ({'debug': 'yes'}, "'debug' must be true or false"),
    ({'hosts': ['0.0.0.0:2376']}, 'is not unix://PATH'),
    ({'labels': ['storage']}, "is not key=value"),
    ({'tlsverify': True, 'tlscacert': '/ca.pem'}, 'tlsverify needs tlscert, tlskey'),
])
def test_check_daemon_config_finds_what_dockerd_refuses(config, message):
    assert any(message in problem for problem in check_daemon_config(config)), check_daemon_config(config)


def test_check_daemon_config_needs_an_object():
    assert check_daemon_config(['hosts']) == ['daemon.json must be a JSON object, got list']


def test_unverified_tcp_hosts():
    assert unverified_tcp_hosts({'hosts': ['unix:///var/run/docker.sock', 'tcp://1.2.3.4:2375']}) == ['tcp://1.2.3.4:2375']
    assert unverified_tcp_hosts({'hosts': ['tcp://1.2.3.4:2376'], 'tlsverify': True}) == []
    assert unverified_tcp_hosts({}) == []


def test_missing_packages_reads_dpkg_query_output():
    out = 'docker.io installed\npython3-docker not-installed\nlibc6:amd64 installed\n'
    assert missing_packages(out, ['docker.io', 'python3-docker', 'libc6', 'docker-cli']) == [
        'python3-docker', 'docker-cli']
    assert missing_packages('', ['docker.io']) == ['docker.io']
    assert missing_packages(None, []) == []


def test_has_overlay_reads_proc_filesystems():
    assert has_overlay('nodev\tsysfs\nnodev\toverlay\n\text4\n') is True
    assert has_overlay('nodev\tsysfs\n\text4\nnodev\toverlayfs-not\n') is False
    assert has_overlay('') is False


def test_the_engine_start_error_comes_from_dockerds_own_line():
    journal = ('Starting docker.service - Docker Application Container Engine...\n'
               'time="2026-12-02T19:07:25Z" level=info msg="Starting up"\n'
               "failed to start daemon: specified default runtime 'nvidia' does not exist\n"
               'docker.service: Main process exited, code=exited, status=1/FAILURE\n'
               'Failed to start docker.service - Docker Application Container Engine.\n')
    assert start_error(journal) == "failed to start daemon: specified default runtime 'nvidia' does not exist"
    # Engine 20.10 logs it at level fatal.
    assert start_error('time="x" level=fatal msg="Error starting daemon: error initializing graphdriver"\n') == \
        'Error starting daemon: error initializing graphdriver'
    assert start_error('Failed to start docker.service.\n') is None
    assert start_error('') is None


def test_role_daemon_config_tls_api_and_overlay2():
    config = role_daemon_config({'log-driver': 'journald'}, '10.0.0.5', 2376, True, '/etc/docker/tls', overlay=True)
    assert config == {
        'log-driver': 'journald',
        'hosts': ['unix:///var/run/docker.sock', 'tcp://10.0.0.5:2376'],
        'tls': True, 'tlsverify': True,
        'tlscacert': '/etc/docker/tls/ca.pem', 'tlscert': '/etc/docker/tls/server-cert.pem',
        'tlskey': '/etc/docker/tls/server-key.pem',
        'storage-driver': 'overlay2',
    }


def test_role_daemon_config_without_tcp_keeps_the_default_socket_and_driver():
    # No TCP listener: no `hosts` (the packaged unit's -H fd:// stays), no driver without overlayfs.
    assert role_daemon_config({}, '10.0.0.5', 2376, tls=False, overlay=False) == {}
    assert role_daemon_config({}, '10.0.0.5', tls=False, storage_driver='btrfs') == {'storage-driver': 'btrfs'}
    assert role_daemon_config({}, '10.0.0.5', tls=False, storage_driver='', overlay=True) == {}


def test_role_daemon_config_insecure_api_and_settings_that_win():
    config = role_daemon_config({'hosts': ['fd://'], 'storage-driver': 'vfs'}, '10.0.0.5', '2400', True,
                                '/tls', insecure_api=True, storage_driver='auto', overlay=True)
    assert config['hosts'] == ['unix:///var/run/docker.sock', 'tcp://10.0.0.5:2400', 'tcp://10.0.0.5:2375']
    # The role's settings win over docker_daemon_config's own keys, as build_daemon_config does.
    assert config['storage-driver'] == 'overlay2'
