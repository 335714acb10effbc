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


def params(**changes):
    """Module parameters as AnsibleModule leaves them: every option, defaults filled in."""
    result = dict((name, spec.get('default')) for name, spec in engine.ENGINE_ARGUMENT_SPEC.items())
    result.update(changes)
    return result


def test_an_engine_refusing_an_old_api_is_explained_with_both_versions():
    # Docker Engine 29's own words (and Engine 28's with DOCKER_MIN_API_VERSION=1.44).
    exc = APIError('400 Client Error', explanation='client version 1.41 is too old. '
                   'Minimum supported API version is 1.44, please upgrade your client to a newer version')
    text = engine.api_error_text(exc)
    assert 'the engine serves API 1.44 and later, this client spoke API 1.41' in text
    assert 'DOCKER_MIN_API_VERSION' in text


def test_other_errors_have_no_api_floor_text():
    assert engine.api_floor_text('client version 1.41 is too new', '7.2.0') is None
    assert engine.api_floor_text(None, '7.2.0') is None


def test_community_docker_names_are_accepted():
    spec = engine.engine_argument_spec(node=dict(type='str'))
    aliases = dict((alias, name) for name, option in spec.items() for alias in option.get('aliases', []))
    for name in ('docker_host', 'tls', 'tls_hostname', 'ca_path', 'client_cert', 'client_key', 'timeout'):
        assert name in spec
    assert aliases['validate_certs'] == 'tls_verify'
    assert aliases['tls_ca_cert'] == 'ca_path' and aliases['cacert_path'] == 'ca_path'
    assert aliases['tls_client_cert'] == 'client_cert' and aliases['tls_client_key'] == 'client_key'


def test_a_unix_socket_uses_no_tls():
    assert engine.tls_settings(params(tls_verify=True, ca_path='/ca.pem')) == ('unix:///var/run/docker.sock', None)


def test_tcp_without_tls_options_stays_plain():
    assert engine.tls_settings(params(docker_host='tcp://10.0.0.1:2375')) == ('tcp://10.0.0.1:2375', None)


def test_tls_alone_encrypts_without_verifying():
    url, tls = engine.tls_settings(params(docker_host='tcp://10.0.0.1:2376', tls=True))
    assert url == 'https://10.0.0.1:2376'
    assert tls['verify'] is False and tls['client_cert'] is None and tls['hostname'] is None


def test_tls_verify_checks_against_the_ca_with_a_client_certificate():
    url, tls = engine.tls_settings(params(docker_host='tcp://10.0.0.1:2376', tls_verify=True, ca_path='/pki/ca.pem',
                                          client_cert='/pki/cert.pem', client_key='/pki/key.pem',
                                          tls_hostname='manager-1'))
    assert url == 'https://10.0.0.1:2376'
    assert tls == {'client_cert': ('/pki/cert.pem', '/pki/key.pem'), 'ca_cert': '/pki/ca.pem',
                   'verify': '/pki/ca.pem', 'hostname': 'manager-1'}


def test_tls_hostname_is_ignored_when_nothing_is_verified():
    _url, tls = engine.tls_settings(params(docker_host='tcp://h:2376', tls=True, tls_hostname='other'))
    assert tls['hostname'] is None


def test_environment_fallbacks(monkeypatch):
    monkeypatch.setenv('DOCKER_TLS_VERIFY', '1')
    monkeypatch.setenv('DOCKER_TLS', '0')
    monkeypatch.setenv('DOCKER_CERT_PATH', '/certs')
    spec = engine.ENGINE_ARGUMENT_SPEC
    assert spec['tls_verify']['fallback'][0]() is True
    assert spec['tls']['fallback'][0]() is False
    assert spec['ca_path']['fallback'][0]() == '/certs/ca.pem'
    assert spec['client_key']['fallback'][0]() == '/certs/key.pem'
