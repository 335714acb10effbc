"""Joining, leaving and the join token's CA digest: module_utils/membership."""

import os

import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.membership import ca_digest_from_pem, plan_join

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures')


# Tokens and CA

def test_ca_digest_matches_a_real_swarm_token():
    # Fixture and digest recorded from a swarm on Docker 20.10: the worker token began
    # SWMTKN-1-0vdgtb9173jj7frfouvyj0oj0i086rxjevsqvjqrzh80ykrp72-
    with open(os.path.join(FIXTURES, 'swarm-root-ca.crt'), 'rb') as handle:
        assert ca_digest_from_pem(handle.read()) == '0vdgtb9173jj7frfouvyj0oj0i086rxjevsqvjqrzh80ykrp72'


def test_ca_digest_rejects_non_pem():
    with pytest.raises(ValueError):
        ca_digest_from_pem(b'hello')


# Membership

@pytest.mark.parametrize('state,is_manager,same,role,leave,expected', [
    ('inactive', False, None, 'worker', False, 'join'),
    ('pending', False, None, 'worker', False, 'rejoin'),
    ('error', False, None, 'manager', False, 'rejoin'),
    ('locked', True, None, 'manager', False, 'unlock'),
    ('active', False, True, 'worker', False, 'none'),
    ('active', True, True, 'manager', False, 'none'),
    ('active', False, True, 'manager', False, 'fail'),   # wrong role
    ('active', True, True, 'worker', False, 'fail'),
    ('active', False, False, 'worker', False, 'fail'),   # another swarm
    ('active', False, False, 'worker', True, 'rejoin'),  # another swarm, told to leave it
    ('weird', False, None, 'worker', False, 'fail'),
])
def test_plan_join(state, is_manager, same, role, leave, expected):
    action, reason = plan_join(state, is_manager, same, role, leave)
    assert action == expected
    assert reason


def test_plan_join_locked_node_without_key_leaves_only_with_leave_foreign():
    # A locked node reports no node ID: it may have been removed, and after autolock was
    # turned off no key can unlock it any more.
    assert plan_join('locked', True, None, 'manager', leave_foreign=True)[0] == 'rejoin'
    assert plan_join('locked', True, None, 'manager', leave_foreign=True, unlock_key=True)[0] == 'unlock'
    assert plan_join('locked', True, None, 'manager', leave_foreign=False)[0] == 'unlock'


def test_plan_join_rejoins_a_node_the_swarm_removed():
    assert plan_join('active', True, True, 'manager', listed=False)[0] == 'rejoin'
    assert plan_join('active', False, True, 'worker', listed=True)[0] == 'none'
    # A foreign swarm is still refused, whatever the list says.
    assert plan_join('active', False, False, 'worker', listed=False)[0] == 'fail'


def test_plan_join_without_a_readable_ca_trusts_only_the_node_list():
    # A worker reached through a remote docker_host: its root CA is not readable.
    assert plan_join('active', False, None, 'worker', listed=True)[0] == 'none'
    action, reason = plan_join('active', False, None, 'worker')
    assert action == 'fail'
    assert 'swarm_node_ids' in reason
    # Not listed: removed, or in another swarm; without the CA it cannot be told which.
    assert plan_join('active', False, None, 'worker', listed=False)[0] == 'fail'
    assert plan_join('active', False, None, 'worker', leave_foreign=True)[0] == 'rejoin'
