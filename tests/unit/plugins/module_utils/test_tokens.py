import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.tokens import (
    TokenError, check_token_for_swarm, parse_join_token, token_role)

DIGEST_A = '0' * 10 + 'a' * 40
DIGEST_B = '1' * 50
WORKER_A = 'SWMTKN-1-%s-%s' % (DIGEST_A, 'w' * 25)
MANAGER_A = 'SWMTKN-1-%s-%s' % (DIGEST_A, 'm' * 25)
SWARM_A = {'Worker': WORKER_A, 'Manager': MANAGER_A}


def test_parse_valid_token():
    parsed = parse_join_token(WORKER_A)
    assert parsed.version == 1 and not parsed.fips
    assert parsed.ca_digest == DIGEST_A
    assert parsed.secret == 'w' * 25


def test_parse_fips_token():
    parsed = parse_join_token('SWMTKN-2-1-%s-%s' % (DIGEST_B, 'x' * 25))
    assert parsed.fips and parsed.version == 2


@pytest.mark.parametrize('token,message', [
    ('', 'empty'),
    (None, 'empty'),
    ('abc', "does not start with 'SWMTKN-'"),
    ('SWMTKN-1-%s-%s' % (DIGEST_A[:-1], 'w' * 25), 'malformed'),
    ('SWMTKN-1-%s-%s' % (DIGEST_A, 'W' * 25), 'malformed'),
    ('SWMTKN-3-%s-%s' % (DIGEST_A, 'w' * 25), 'malformed'),
])
def test_parse_rejects_bad_tokens(token, message):
    with pytest.raises(TokenError, match=message):
        parse_join_token(token)


def test_error_messages_never_contain_the_token():
    bad = 'SWMTKN-1-%s-%s' % (DIGEST_A, 'w' * 24)
    with pytest.raises(TokenError) as err:
        parse_join_token(bad)
    assert 'w' * 24 not in str(err.value)


def test_token_role():
    assert token_role(WORKER_A, SWARM_A) == 'worker'
    assert token_role(MANAGER_A + '\n', SWARM_A) == 'manager'
    assert token_role('SWMTKN-1-%s-%s' % (DIGEST_B, 'w' * 25), SWARM_A) is None


def test_check_token_accepts_current_tokens():
    assert check_token_for_swarm(WORKER_A, SWARM_A) == 'worker'
    assert check_token_for_swarm(MANAGER_A, SWARM_A) == 'manager'


def test_check_token_rejects_another_swarm():
    with pytest.raises(TokenError, match='another swarm'):
        check_token_for_swarm('SWMTKN-1-%s-%s' % (DIGEST_B, 'w' * 25), SWARM_A)


def test_check_token_rejects_a_rotated_token():
    with pytest.raises(TokenError, match='rotated'):
        check_token_for_swarm('SWMTKN-1-%s-%s' % (DIGEST_A, 'z' * 25), SWARM_A)
