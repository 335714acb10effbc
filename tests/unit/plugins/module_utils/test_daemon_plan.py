from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_plan import host_plan

DAEMON_JSON = '/etc/docker/daemon.json'
DROPIN = '/etc/systemd/system/docker.service.d/flotilla.conf'
MARKER = '/run/flotilla-docker-restart-pending'


def read(**changes):
    """A host whose engine is installed, configured and running as wanted (see WANTED)."""
    host = {'missing_packages': [], 'dockerd': '/usr/sbin/dockerd',
            'checksums': {DAEMON_JSON: 'json-sum', DROPIN: 'dropin-sum', MARKER: None},
            'service': {'enabled': True, 'active': True},
            'engine': {'Swarm': {'LocalNodeState': 'inactive', 'ControlAvailable': False}}}
    host.update(changes)
    return host


def wanted(**changes):
    result = {'install_method': 'distribution', 'files': {DAEMON_JSON: 'json-sum', DROPIN: 'dropin-sum'},
              'insecure_api': False, 'marker': MARKER, 'new_certificates': False}
    result.update(changes)
    return result


def test_a_host_as_wanted_has_nothing_to_do():
    assert host_plan(read(), wanted()) == {'install': [], 'config': [], 'restart_pending': [], 'restart': [],
                                           'due': False, 'in_swarm': False, 'manager': False}


def test_missing_packages_and_no_dockerd_mean_an_install():
    plan = host_plan(read(missing_packages=['docker.io'], dockerd=''), wanted())
    assert plan['install'] == ['packages not installed: docker.io', 'no dockerd found']
    assert plan['due']


def test_the_docker_ce_method_always_runs_its_install():
    # It keeps Docker's package source and key current: the role cannot tell from the read that they are.
    assert host_plan(read(), wanted(install_method='docker_ce'))['install'] == [
        'the docker_ce install method keeps its package source and packages current on every run']


def test_a_file_that_differs_or_is_missing_means_a_new_configuration():
    checksums = {DAEMON_JSON: 'old-sum', DROPIN: None, MARKER: None}
    assert host_plan(read(checksums=checksums), wanted())['config'] == [
        '%s differs from what the role writes' % DAEMON_JSON, '%s differs from what the role writes' % DROPIN]


def test_a_file_the_role_leaves_alone_is_not_compared():
    # No drop-in wanted (no TCP API): one left on the host does not count.
    plan = host_plan(read(), wanted(files={DAEMON_JSON: 'json-sum', DROPIN: None}))
    assert plan['config'] == [] and not plan['due']


def test_an_unverifiable_configuration_always_runs_the_module():
    # The filter gives '' as the checksum of a daemon.json it cannot build: the module then says why.
    assert host_plan(read(), wanted(files={DAEMON_JSON: ''}))['config'] == [
        '%s differs from what the role writes' % DAEMON_JSON]


def test_an_api_without_client_verification_runs_the_module_every_time_for_its_warning():
    assert host_plan(read(), wanted(insecure_api=True))['config'] == ['the API listens without TLS client verification']


def test_a_marker_left_by_an_interrupted_run_keeps_a_restart_pending():
    plan = host_plan(read(checksums={DAEMON_JSON: 'json-sum', DROPIN: 'dropin-sum', MARKER: 'da39a3ee'}), wanted())
    assert plan['restart_pending'] == ['a restart left pending by an interrupted run']
    assert plan['restart'] == plan['restart_pending'] and plan['config'] == [] and plan['due']


def test_new_certificates_mean_a_restart_without_a_new_configuration():
    plan = host_plan(read(), wanted(new_certificates=True))
    assert plan['restart_pending'] == ['new engine certificates'] and plan['config'] == []


def test_an_engine_stopped_disabled_or_silent_is_restarted_but_nothing_is_pending():
    plan = host_plan(read(service={'enabled': False, 'active': False}, engine=None), wanted())
    assert plan['restart'] == ['the service is not enabled', 'the service is not running', 'the engine does not answer']
    assert plan['restart_pending'] == []


def test_a_service_the_read_did_not_ask_about_is_not_taken_for_stopped():
    assert host_plan(read(service={}), wanted())['restart'] == []


def test_a_swarm_manager_is_rolled_one_at_a_time():
    plan = host_plan(read(engine={'Swarm': {'LocalNodeState': 'active', 'ControlAvailable': True}}), wanted())
    assert plan['in_swarm'] and plan['manager'] and not plan['due']


def test_a_locked_engine_is_not_rolled_as_an_active_swarm_node():
    plan = host_plan(read(engine={'Swarm': {'LocalNodeState': 'locked'}}), wanted())
    assert not plan['in_swarm'] and not plan['manager']
