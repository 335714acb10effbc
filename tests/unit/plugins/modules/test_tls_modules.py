import json
import os
import stat

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from ansible_collections.flotilla.swarm.plugins.modules import tls_certificate, tls_files
from ansible_collections.flotilla.swarm.tests.unit.plugins.modules.engine_double import run_module


def make_ca(pki):
    return run_module(tls_certificate, None, {'path': str(pki / 'ca.pem'), 'privatekey_path': str(pki / 'ca-key.pem'),
                                              'common_name': 'flotilla.swarm CA (t)', 'not_after_days': 3650})


def host_args(pki, **extra):
    args = {'path': str(pki / 'hosts/n1/cert.pem'), 'privatekey_path': str(pki / 'hosts/n1/key.pem'),
            'request_path': str(pki / 'hosts/n1/request.json'), 'common_name': 'n1',
            'subject_alt_names': ['IP:10.0.0.1', 'DNS:n1'], 'extended_key_usages': ['serverAuth'],
            'not_after_days': 825, 'ca_path': str(pki / 'ca.pem'), 'ca_privatekey_path': str(pki / 'ca-key.pem')}
    args.update(extra)
    return args


def load(path):
    with open(path, 'rb') as handle:
        return x509.load_pem_x509_certificate(handle.read())


def test_the_ca_is_made_once_and_kept(tmp_path):
    first = make_ca(tmp_path)
    assert not first.failed and first.result['changed']
    ca = load(tmp_path / 'ca.pem')
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length == 0
    assert stat.S_IMODE(os.stat(tmp_path / 'ca-key.pem').st_mode) == 0o600
    again = make_ca(tmp_path)
    assert not again.result['changed'] and load(tmp_path / 'ca.pem').serial_number == ca.serial_number


def test_a_ca_without_its_key_is_refused(tmp_path):
    make_ca(tmp_path)
    os.remove(tmp_path / 'ca-key.pem')
    result = make_ca(tmp_path)
    assert result.failed and 'without its key' in result.result['msg']


def test_a_host_certificate_is_issued_once_with_its_names(tmp_path):
    make_ca(tmp_path)
    first = run_module(tls_certificate, None, host_args(tmp_path))
    assert first.result['changed'] and first.result['reasons'] == ['no certificate issued by this role yet']
    cert = load(tmp_path / 'hosts/n1/cert.pem')
    assert cert.issuer == load(tmp_path / 'ca.pem').subject
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ['10.0.0.1']
    assert names.get_values_for_type(x509.DNSName) == ['n1']
    usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usages) == [ExtendedKeyUsageOID.SERVER_AUTH]
    with open(tmp_path / 'hosts/n1/request.json') as handle:
        assert json.load(handle)['sans'] == ['DNS:n1', 'IP:10.0.0.1']
    again = run_module(tls_certificate, None, host_args(tmp_path))
    assert not again.result['changed'] and load(tmp_path / 'hosts/n1/cert.pem').serial_number == cert.serial_number


def test_a_changed_name_reissues_with_the_same_key(tmp_path):
    make_ca(tmp_path)
    run_module(tls_certificate, None, host_args(tmp_path))
    with open(tmp_path / 'hosts/n1/key.pem', 'rb') as handle:
        key_before = handle.read()
    result = run_module(tls_certificate, None, host_args(tmp_path, subject_alt_names=['IP:10.0.0.2', 'DNS:n1']))
    assert result.result['changed'] and result.result['reasons'] == ['the request changed: sans']
    assert not result.result['new_key']
    with open(tmp_path / 'hosts/n1/key.pem', 'rb') as handle:
        assert handle.read() == key_before


def test_a_bad_name_writes_nothing(tmp_path):
    make_ca(tmp_path)
    result = run_module(tls_certificate, None, host_args(tmp_path, subject_alt_names=['10.0.0.1']))
    assert result.failed and 'nothing written' in result.result['msg']
    assert not os.path.exists(tmp_path / 'hosts/n1/key.pem')


def test_check_mode_writes_nothing(tmp_path):
    make_ca(tmp_path)
    result = run_module(tls_certificate, None, host_args(tmp_path), check_mode=True)
    assert result.result['changed'] and not os.path.exists(tmp_path / 'hosts/n1')


def files_args(path, key='KEY\n'):
    return {'path': str(path), 'ca': 'CA\n', 'certificate': 'CERT\n', 'private_key': key,
            'names': {'ca': 'ca.pem', 'certificate': 'server-cert.pem', 'private_key': 'server-key.pem'}}


def test_tls_files_writes_what_differs_with_its_modes(tmp_path):
    dest = tmp_path / 'tls'
    first = run_module(tls_files, None, files_args(dest))
    assert first.result['changed'] and sorted(first.result['changed_files']) == ['ca.pem', 'server-cert.pem',
                                                                                 'server-key.pem']
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(dest / 'server-key.pem').st_mode) == 0o600
    assert stat.S_IMODE(os.stat(dest / 'server-cert.pem').st_mode) == 0o644
    assert not run_module(tls_files, None, files_args(dest)).result['changed']
    os.chmod(dest / 'server-key.pem', 0o644)
    fixed = run_module(tls_files, None, files_args(dest, key='NEW KEY\n'))
    assert fixed.result['changed_files'] == ['server-key.pem']
    with open(dest / 'server-key.pem') as handle:
        assert handle.read() == 'NEW KEY\n'
    assert 'NEW KEY' not in json.dumps(fixed.result)
