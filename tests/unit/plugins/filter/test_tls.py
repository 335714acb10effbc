"""The tls filters against real files: a certificate made here with cryptography."""
import datetime
import hashlib
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.flotilla.swarm.plugins.filter.tls import (
    tls_host_addresses, tls_pki_reasons, tls_server_sans,
    tls_certificate_reasons, tls_host_trusts_other_ca, tls_install_reasons)

REQUEST = {'cn': 'n1', 'sans': ['DNS:n1'], 'usages': ['serverAuth'], 'key': 'ECC', 'ca': 'abc'}


def write_cert(path, days):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'n1')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=days)).sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def test_certificate_reasons_read_the_certificate_and_the_stored_request(tmp_path):
    cert, request = tmp_path / 'cert.pem', tmp_path / 'request.json'
    assert tls_certificate_reasons(str(cert), str(request), REQUEST, 30) == ['no certificate issued by this role yet']
    write_cert(cert, 400)
    request.write_text(json.dumps(REQUEST))
    assert tls_certificate_reasons(str(cert), str(request), REQUEST, 30) == []
    assert tls_certificate_reasons(str(cert), str(request), dict(REQUEST, cn='n2'), 30) == ['the request changed: cn']
    write_cert(cert, 10)
    (reason,) = tls_certificate_reasons(str(cert), str(request), REQUEST, 30)
    assert reason.startswith('due for renewal')


def test_install_reasons_compare_checksums_modes_and_owners(tmp_path):
    src = tmp_path / 'ca.pem'
    src.write_text('CA\n')
    files = [{'name': 'ca.pem', 'src': str(src), 'mode': '0644', 'owner': 'root', 'group': 'root'}]
    found = [{'path': '/etc/docker/tls/ca.pem', 'checksum': hashlib.sha1(b'CA\n').hexdigest(), 'mode': '0644',
              'pw_name': 'root', 'gr_name': 'root'}]
    assert tls_install_reasons(found, files) == []
    assert tls_install_reasons([], files) == ['ca.pem is not on the host']
    src.write_text('another CA\n')
    assert tls_install_reasons(found, files) == ['ca.pem on the host differs']
    assert tls_host_trusts_other_ca(found, 'ca.pem', str(src)) is True
    assert tls_host_trusts_other_ca(found, 'ca.pem', str(tmp_path / 'missing.pem')) is False


def test_host_addresses_leave_out_loopback_and_dockers_bridges():
    facts = {
        'interfaces': ['lo', 'eth0', 'docker0', 'docker_gwbridge', 'br-1a2b', 'veth0c1', 'eth1-vlan', 'eth2'],
        'lo': {'ipv4': {'address': '127.0.0.1'}},
        'eth0': {'ipv4': {'address': '10.0.0.5'}},
        'docker0': {'ipv4': {'address': '172.17.0.1'}},
        'docker_gwbridge': {'ipv4': {'address': '172.18.0.1'}},
        'br_1a2b': {'ipv4': {'address': '172.19.0.1'}},
        'veth0c1': {},
        'eth1_vlan': {'ipv4': {'address': '192.168.7.2'}},
        'eth2': {},
    }
    assert tls_host_addresses(facts) == ['10.0.0.5', '192.168.7.2']


def test_host_addresses_of_a_host_whose_bridges_appeared_are_the_same_as_before():
    before = {'interfaces': ['eth0', 'lo'], 'eth0': {'ipv4': {'address': '10.0.0.5'}}}
    after = dict(before, interfaces=['eth0', 'lo', 'docker_gwbridge'],
                 docker_gwbridge={'ipv4': {'address': '172.18.0.1'}})
    assert tls_host_addresses(before) == tls_host_addresses(after) == ['10.0.0.5']


def test_server_sans_name_the_host_s_own_addresses_and_names():
    facts = {'interfaces': ['lo', 'eth0', 'docker0'], 'hostname': 'n1', 'fqdn': 'n1',
             'eth0': {'ipv4': {'address': '10.0.0.5'}}, 'docker0': {'ipv4': {'address': '172.17.0.1'}}}
    assert tls_server_sans(facts, 'node-1', '10.0.0.5', ['DNS:extra']) == [
        'IP:127.0.0.1', 'IP:10.0.0.5', 'DNS:node-1', 'DNS:n1', 'DNS:localhost', 'DNS:extra']
    assert tls_server_sans({}, 'node-1') == ['IP:127.0.0.1', 'DNS:node-1', 'DNS:localhost']


def test_pki_reasons_need_the_ca_a_client_that_holds_it_and_a_current_certificate(tmp_path):
    request = dict(REQUEST, sans=[], usages=['clientAuth'])
    (reason,) = tls_pki_reasons(str(tmp_path), request, 30)
    assert reason.startswith('missing in ') and 'ca-key.pem, ca.pem, client/key.pem, client/ca.pem' in reason
    (tmp_path / 'client').mkdir()
    for name in ('ca-key.pem', 'ca.pem', 'client/key.pem'):
        (tmp_path / name).write_text(name)
    (tmp_path / 'client/ca.pem').write_text('another CA')
    assert tls_pki_reasons(str(tmp_path), request, 30) == ['the client directory holds another CA']
    (tmp_path / 'client/ca.pem').write_text('ca.pem')
    assert tls_pki_reasons(str(tmp_path), request, 30) == ['no certificate issued by this role yet']
    write_cert(tmp_path / 'client/cert.pem', 400)
    (tmp_path / 'client/request.json').write_text(json.dumps(request))
    assert tls_pki_reasons(str(tmp_path), request, 30) == []
