import datetime

from ansible_collections.flotilla.swarm.plugins.module_utils.tls_plan import (
    certificate_reasons, host_trusts_other_ca, install_reasons, server_sans)

NOW = datetime.datetime(2026, 11, 22, 12, 0, 0)
REQUEST = {'cn': 'n1', 'sans': ['DNS:n1', 'IP:10.0.0.1'], 'usages': ['serverAuth'], 'key': 'ECC', 'ca': 'abc'}


def test_a_current_certificate_has_no_reasons():
    assert certificate_reasons(dict(REQUEST), REQUEST, NOW + datetime.timedelta(days=400), 30, NOW) == []


def test_no_certificate_or_no_stored_request():
    assert certificate_reasons(None, REQUEST, NOW + datetime.timedelta(days=400), 30, NOW) == [
        'no certificate issued by this role yet']
    assert certificate_reasons(REQUEST, REQUEST, None, 30, NOW) == ['no certificate issued by this role yet']


def test_a_changed_request_names_what_changed():
    wanted = dict(REQUEST, sans=['DNS:n1', 'IP:10.0.0.2'], ca='def')
    assert certificate_reasons(REQUEST, wanted, NOW + datetime.timedelta(days=400), 30, NOW) == [
        'the request changed: ca, sans']


def test_renewal_is_due_within_renew_days():
    assert certificate_reasons(REQUEST, REQUEST, NOW + datetime.timedelta(days=31), 30, NOW) == []
    assert certificate_reasons(REQUEST, REQUEST, NOW + datetime.timedelta(days=29), 30, NOW) == [
        'due for renewal (expires 2026-12-21)']


EXPECTED = [
    {'name': 'ca.pem', 'checksum': 'c1', 'mode': '0644', 'owner': 'root', 'group': 'root'},
    {'name': 'server-key.pem', 'checksum': 'k1', 'mode': '0600', 'owner': 'root', 'group': 'root'},
]
INSTALLED = {
    'ca.pem': {'checksum': 'c1', 'mode': '0644', 'pw_name': 'root', 'gr_name': 'root'},
    'server-key.pem': {'checksum': 'k1', 'mode': '0600', 'pw_name': 'root', 'gr_name': 'root'},
}


def test_the_host_has_everything():
    assert install_reasons(INSTALLED, EXPECTED) == []


def test_missing_different_or_loose_files_on_the_host():
    assert install_reasons({}, EXPECTED) == ['ca.pem is not on the host', 'server-key.pem is not on the host']
    installed = dict(INSTALLED, **{'ca.pem': dict(INSTALLED['ca.pem'], checksum='c0')})
    assert install_reasons(installed, EXPECTED) == ['ca.pem on the host differs']
    installed = dict(INSTALLED, **{'server-key.pem': dict(INSTALLED['server-key.pem'], mode='0644')})
    assert install_reasons(installed, EXPECTED) == ['server-key.pem on the host has mode 0644, owner root:root']


def test_a_file_the_pki_lacks():
    expected = [dict(EXPECTED[0], checksum=None)]
    assert install_reasons(INSTALLED, expected) == ['ca.pem is not in the PKI']


def test_host_trusts_other_ca():
    assert host_trusts_other_ca(INSTALLED, 'ca.pem', 'c1') is False
    assert host_trusts_other_ca(INSTALLED, 'ca.pem', 'c2') is True
    assert host_trusts_other_ca({}, 'ca.pem', 'c1') is False   # a new host: nothing to protect


def test_the_request_record_sorts_names_and_leaves_out_empty_sans():
    from ansible_collections.flotilla.swarm.plugins.module_utils.tls_plan import certificate_request
    assert certificate_request('n1', ['IP:10.0.0.1', 'DNS:n1'], ['serverAuth'], 'ECC', 'abc') == REQUEST
    assert certificate_request('admin', [], ['clientAuth'], 'ECC', 'abc') == {
        'cn': 'admin', 'usages': ['clientAuth'], 'key': 'ECC', 'ca': 'abc'}


def test_server_sans_leave_out_empty_and_repeated_entries():
    assert server_sans(['127.0.0.1', '', '10.0.0.5', '10.0.0.5'], ['n1', 'n1', '', 'localhost'], ['IP:1.2.3.4']) == [
        'IP:127.0.0.1', 'IP:10.0.0.5', 'DNS:n1', 'DNS:localhost', 'IP:1.2.3.4']
