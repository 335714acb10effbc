import os
import stat
from unittest import mock

from ansible.module_utils import basic

from ansible_collections.flotilla.swarm.plugins.modules import kernel_features
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.engine_double import run_module


def test_the_modules_load_file_is_replaced_atomically(tmp_path):
    path = str(tmp_path / 'modules-load.d' / 'flotilla.conf')
    moves = []
    real_move = basic.AnsibleModule.atomic_move

    def recording_move(self, src, dest, *args, **kwargs):
        moves.append((src, dest))
        assert os.path.dirname(src) == os.path.dirname(dest)  # same file system: a rename
        return real_move(self, src, dest, *args, **kwargs)

    with mock.patch.object(basic.AnsibleModule, 'atomic_move', recording_move):
        result = run_module(kernel_features, None, {'required': [], 'optional': [], 'persist_path': path})
    assert not result.failed and result.result['changed']
    assert [dest for _src, dest in moves] == [path]
    with open(path) as handle:
        assert handle.read().startswith('# Kernel modules Docker and swarm networking need')
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert os.listdir(os.path.dirname(path)) == ['flotilla.conf']  # no temporary file left
    again = run_module(kernel_features, None, {'required': [], 'optional': [], 'persist_path': path})
    assert not again.result['changed']
