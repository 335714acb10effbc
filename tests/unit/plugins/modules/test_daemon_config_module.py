"""daemon_config on real files: daemon.json, the systemd drop-in and the restart marker."""
import json
import os
import stat

from ansible_collections.flotilla.swarm.plugins.modules import daemon_config
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.engine_double import run_module

DROPIN = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n'


def args(tmp_path, **extra):
    result = {'path': str(tmp_path / 'etc' / 'daemon.json'), 'config': {'log-level': 'warn'}, 'labels': {'zone': 'a'},
              'dropin': DROPIN, 'dropin_path': str(tmp_path / 'docker.service.d' / 'flotilla.conf'),
              'restart_marker': str(tmp_path / 'restart-pending')}
    result.update(extra)
    return result


def test_the_first_run_writes_all_three_and_the_second_nothing(tmp_path):
    first = run_module(daemon_config, None, args(tmp_path))
    assert not first.failed and first.result['changed'] and first.result['dropin_changed']
    assert json.loads((tmp_path / 'etc' / 'daemon.json').read_text()) == {'log-level': 'warn', 'labels': ['zone=a']}
    assert (tmp_path / 'docker.service.d' / 'flotilla.conf').read_text() == DROPIN
    assert stat.S_IMODE(os.stat(str(tmp_path / 'restart-pending')).st_mode) == 0o600
    os.unlink(str(tmp_path / 'restart-pending'))  # the restart happened
    again = run_module(daemon_config, None, args(tmp_path))
    assert not again.result['changed'] and not (tmp_path / 'restart-pending').exists()


def test_a_changed_dropin_alone_is_a_change_that_needs_the_restart(tmp_path):
    run_module(daemon_config, None, args(tmp_path, restart_marker=None))
    changed = run_module(daemon_config, None, args(tmp_path, dropin=DROPIN + '# more\n'))
    assert changed.result['changed'] and changed.result['dropin_changed'] and 'validated_by' not in changed.result
    assert (tmp_path / 'restart-pending').exists()


def test_check_mode_and_a_refused_config_write_nothing(tmp_path):
    checked = run_module(daemon_config, None, args(tmp_path), check_mode=True)
    assert checked.result['changed'] and os.listdir(str(tmp_path)) == []
    refused = run_module(daemon_config, None, args(tmp_path, config={'hosts': 'not-a-list'}))
    assert refused.failed and os.listdir(str(tmp_path)) == []
