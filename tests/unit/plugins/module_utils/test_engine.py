import pytest
from docker.errors import APIError

from ansible_collections.flotilla.swarm.plugins.module_utils import engine


def out_of_sequence():
    return APIError('500 Server Error', explanation='rpc error: code = Unknown desc = update out of sequence')


def test_is_version_conflict():
    assert engine.is_version_conflict(out_of_sequence())
    assert not engine.is_version_conflict(APIError('400', explanation='attempting to demote the last manager'))
    assert not engine.is_version_conflict(ValueError('update out of sequence'))


def test_retry_reruns_the_whole_read_modify_write():
    calls = []

    def read_modify_write():
        calls.append(1)
        if len(calls) < 3:
            raise out_of_sequence()
        return 'done'

    assert engine.with_version_retry(read_modify_write, delay=0) == 'done'
    assert len(calls) == 3


def test_retry_gives_up_after_the_last_attempt():
    def always_stale():
        raise out_of_sequence()

    with pytest.raises(APIError):
        engine.with_version_retry(always_stale, attempts=3, delay=0)


def test_other_errors_are_not_retried():
    calls = []

    def refused():
        calls.append(1)
        raise APIError('400', explanation='attempting to demote the last manager')

    with pytest.raises(APIError):
        engine.with_version_retry(refused, delay=0)
    assert len(calls) == 1


def test_api_error_text_prefers_the_engine_explanation():
    assert engine.api_error_text(APIError('500', explanation=b'bytes explanation')) == 'bytes explanation'
    assert engine.api_error_text(APIError('plain')) == 'plain'


def test_argument_spec_keeps_module_options():
    spec = engine.engine_argument_spec(node=dict(type='str'))
    assert 'node' in spec and 'docker_host' in spec and 'client_key' in spec
    assert 'node' not in engine.ENGINE_ARGUMENT_SPEC
