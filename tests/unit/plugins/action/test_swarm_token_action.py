from unittest import mock

import pytest

from ansible_collections.flotilla.swarm.plugins.action.swarm_token import ActionModule


def action(module_result):
    task = mock.MagicMock(args={'role': 'both'}, async_val=0, check_mode=False, diff=False)
    play_context = mock.MagicMock(check_mode=False)
    plugin = ActionModule(task, mock.MagicMock(), play_context, mock.MagicMock(), mock.MagicMock(), mock.MagicMock())
    with mock.patch.object(ActionModule, '_execute_module', return_value=dict(module_result)) as execute:
        result = plugin.run(task_vars={})
    execute.assert_called_once()
    return result


@pytest.mark.parametrize('secret', ['join_token_worker', 'join_token_manager', 'unlock_key'])
def test_a_result_holding_a_secret_is_hidden(secret):
    result = action({secret: 'SWMTKN-1-secret', 'changed': False})
    assert result['_ansible_no_log'] is True
    assert result[secret] == 'SWMTKN-1-secret'  # the registered variable keeps it


def test_a_result_without_secrets_stays_visible():
    result = action({'validated_role': 'worker', 'cluster_id': 'c1', 'changed': False})
    assert not result.get('_ansible_no_log')
    assert result['validated_role'] == 'worker'
