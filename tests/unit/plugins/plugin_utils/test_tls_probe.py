"""The controller-side TLS check against a real TLS server on this machine, with certificates from module_utils.pki."""
import datetime
import socket
import ssl
import threading
from unittest import mock

import pytest

from ansible.errors import AnsibleActionFail

from ansible_collections.flotilla.swarm.plugins.action.engine_tls_check import ActionModule
from ansible_collections.flotilla.swarm.plugins.module_utils import pki
from ansible_collections.flotilla.swarm.plugins.plugin_utils.tls_probe import ping, tls_context


def issue(directory, name, common_name, ca=None, sans=(), usages=()):
    key = pki.new_private_key('ECC')
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    cert = pki.build_certificate(key, common_name, 2, now, issuer_cert=ca and ca[0], issuer_key=ca and ca[1],
                                 subject_alt_names=sans, extended_key_usages=usages)
    (directory / (name + '.pem')).write_bytes(pki.certificate_pem(cert))
    (directory / (name + '-key.pem')).write_bytes(pki.private_key_pem(key))
    return cert, key


@pytest.fixture(name='pki_dir')
def fixture_pki_dir(tmp_path):
    ca = issue(tmp_path, 'ca', 'test CA')
    issue(tmp_path, 'server', 'engine', ca, sans=['IP:127.0.0.1'], usages=['serverAuth'])
    issue(tmp_path, 'client', 'client', ca, usages=['clientAuth'])
    return tmp_path


PING_OK = b'HTTP/1.1 200 OK\r\nApi-Version: 1.45\r\nContent-Length: 2\r\n\r\nOK'


@pytest.fixture(name='answer')
def fixture_answer():
    """What the engine below answers; a test may replace it."""
    return [PING_OK]


@pytest.fixture(name='engine')
def fixture_engine(pki_dir, answer):
    """A TLS server that, like dockerd with tlsverify, wants a client certificate from the CA; answers /_ping."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki_dir / 'ca.pem'))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(str(pki_dir / 'server.pem'), str(pki_dir / 'server-key.pem'))
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(5)

    def serve():
        while True:
            try:
                conn, _addr = listener.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(4096)
                    tls.sendall(answer[0])
            except (OSError, ssl.SSLError):
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    listener.close()


def client_args(pki_dir, port, **extra):
    args = {'host': '127.0.0.1', 'port': port, 'ca_path': str(pki_dir / 'ca.pem'),
            'client_cert': str(pki_dir / 'client.pem'), 'client_key': str(pki_dir / 'client-key.pem')}
    args.update(extra)
    return args


def run_action(args):
    task = mock.MagicMock(args=args, async_val=0, check_mode=False, diff=False)
    plugin = ActionModule(task, mock.MagicMock(), mock.MagicMock(check_mode=False), mock.MagicMock(),
                          mock.MagicMock(), mock.MagicMock())
    return plugin.run(task_vars={})


def test_ping_returns_the_api_version(pki_dir, engine):
    context = tls_context(str(pki_dir / 'ca.pem'), str(pki_dir / 'client.pem'), str(pki_dir / 'client-key.pem'))
    assert ping('127.0.0.1', engine, context, '127.0.0.1', timeout=5) == '1.45'


def test_the_action_reports_the_engine_answering(pki_dir, engine):
    result = run_action(client_args(pki_dir, engine))
    assert result['changed'] is False and result['api_version'] == '1.45' and result['seconds'] < 5


def test_a_name_the_certificate_does_not_carry_fails_at_once(pki_dir, engine):
    with pytest.raises(AnsibleActionFail, match='does not vouch for as 192.0.2.1'):
        run_action(client_args(pki_dir, engine, tls_hostname='192.0.2.1', timeout=30))


def test_a_certificate_from_another_ca_fails_at_once(pki_dir, engine, tmp_path_factory):
    other = tmp_path_factory.mktemp('other')
    issue(other, 'ca', 'other CA')
    with pytest.raises(AnsibleActionFail, match='does not vouch for'):
        run_action(client_args(pki_dir, engine, ca_path=str(other / 'ca.pem'), timeout=30))


def test_an_engine_that_does_not_answer_fails_after_the_timeout(pki_dir):
    closed = socket.socket()
    closed.bind(('127.0.0.1', 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(AnsibleActionFail, match='did not answer over TLS within 1 s'):
        run_action(client_args(pki_dir, port, timeout=1, delay=0.2))


def test_a_missing_client_key_is_named(pki_dir, engine):
    with pytest.raises(AnsibleActionFail, match='Cannot load the client certificate'):
        run_action(client_args(pki_dir, engine, client_key=str(pki_dir / 'missing.pem')))


def context_for(pki_dir):
    return tls_context(str(pki_dir / 'ca.pem'), str(pki_dir / 'client.pem'), str(pki_dir / 'client-key.pem'))


@pytest.mark.parametrize('raw, version', [
    (b'HTTP/1.1 200 OK\r\nApi-Version: 1.45\r\n\r\nOK', '1.45'),
    (b'HTTP/1.0 200 OK\r\n\r\nOK', ''),
])
def test_ping_reads_the_version_header(pki_dir, engine, answer, raw, version):
    answer[0] = raw
    assert ping('127.0.0.1', engine, context_for(pki_dir), '127.0.0.1', timeout=5) == version


def test_an_engine_that_answers_with_an_error_status(pki_dir, engine, answer):
    answer[0] = b'HTTP/1.0 503 Service Unavailable\r\n\r\nstarting'
    with pytest.raises(ValueError, match='HTTP 503: starting'):
        ping('127.0.0.1', engine, context_for(pki_dir), '127.0.0.1', timeout=5)


def test_an_answer_that_is_not_http_is_refused(pki_dir, engine, answer):
    answer[0] = b'\x15\x03\x03garbage'
    with pytest.raises(ValueError, match='not an HTTP response'):
        ping('127.0.0.1', engine, context_for(pki_dir), '127.0.0.1', timeout=5)
