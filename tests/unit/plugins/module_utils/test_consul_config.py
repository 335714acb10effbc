import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils import consul_config as cc

TLS_FILES = {'ca_file': '/etc/consul.d/tls/ca.pem', 'cert_file': '/etc/consul.d/tls/consul.pem',
             'key_file': '/etc/consul.d/tls/consul-key.pem'}


def config(version='1.8.7', stage='full', server=True, acl=True):
    return cc.agent_config(
        version=version, datacenter='dc1', node_name='m1', data_dir='/var/lib/consul',
        advertise_address='10.0.0.1', server=server, bootstrap_expect=3,
        retry_join=['10.0.0.1', '10.0.0.2', '10.0.0.3'], client_address='127.0.0.1 10.0.0.1',
        http_port=8500, https_port=8501, ui=True, tls_stage=stage, tls_files=TLS_FILES, acl=acl)


def test_full_tls_keeps_plain_http_on_loopback_and_requires_client_certificates():
    c = config()
    assert c['client_addr'] == '127.0.0.1'
    assert c['addresses'] == {'https': '127.0.0.1 10.0.0.1'}
    assert c['ports'] == {'http': 8500, 'https': 8501}
    assert (c['verify_incoming'], c['verify_outgoing'], c['verify_server_hostname']) == (True, True, True)
    assert c['cert_file'] == TLS_FILES['cert_file']


def test_new_consul_gets_the_tls_block():
    c = config(version='1.20.2')
    assert 'verify_incoming' not in c
    assert c['tls']['defaults']['verify_incoming'] is True
    assert c['tls']['internal_rpc'] == {'verify_server_hostname': True}
    assert c['ui_config'] == {'enabled': True}


def test_old_consul_gets_ui_true():
    assert config()['ui'] is True and 'ui_config' not in config()


def test_without_tls_http_stays_where_the_role_put_it():
    c = config(stage='off')
    assert c['client_addr'] == '127.0.0.1 10.0.0.1'
    assert 'https' not in c['ports'] and 'cert_file' not in c and 'addresses' not in c


@pytest.mark.parametrize('stage,outgoing,incoming', [('certs', False, False), ('outgoing', True, False)])
def test_intermediate_stages_accept_plain_connections(stage, outgoing, incoming):
    c = config(stage=stage)
    assert (c['verify_outgoing'], c['verify_incoming']) == (outgoing, incoming)
    assert c['client_addr'] == '127.0.0.1 10.0.0.1'


def test_acl_default_deny_and_own_address_not_joined():
    c = config()
    assert c['acl'] == {'enabled': True, 'default_policy': 'deny', 'down_policy': 'extend-cache',
                        'enable_token_persistence': True}
    assert c['retry_join'] == ['10.0.0.2', '10.0.0.3']
    assert 'acl' not in config(acl=False)


def test_clients_have_no_bootstrap_expect_or_ui():
    c = config(server=False)
    assert 'bootstrap_expect' not in c and 'ui' not in c and c['server'] is False


def test_unknown_stage_is_refused():
    with pytest.raises(ValueError):
        config(stage='half')


@pytest.mark.parametrize('stage', cc.TLS_STAGES)
def test_stage_read_back_from_what_was_written(stage):
    for version in ('1.8.7', '1.20.2'):
        assert cc.tls_stage_of(config(version=version, stage=stage)) == stage


def test_stage_of_a_new_agent_is_none():
    assert cc.tls_stage_of(None) is None


@pytest.mark.parametrize('current,want,plan', [
    ([None, None, None], True, ['full']),                       # new cluster: straight to full TLS
    (['off', 'off', None], True, ['certs', 'outgoing', 'full']),  # running without TLS: three steps
    (['certs', 'outgoing', 'off'], True, ['certs', 'outgoing', 'full']),  # the slowest agent decides
    (['outgoing', 'full'], True, ['full']),
    (['full', 'full'], True, ['full']),
    (['full', None], False, ['off']),
])
def test_plan(current, want, plan):
    assert cc.tls_plan(current, want) == plan


@pytest.mark.parametrize('step,own,expected', [
    ('certs', 'off', 'certs'),
    ('certs', 'full', 'full'),      # never back
    ('certs', None, 'certs'),       # a new agent joins the others' step
    ('outgoing', 'certs', 'outgoing'),
    ('off', 'full', 'off'),
])
def test_host_stage(step, own, expected):
    assert cc.host_tls_stage(step, own) == expected


def test_every_step_of_a_conversion_keeps_each_pair_of_agents_talking():
    """Agent A at stage a can reach agent B at stage b when A's outgoing mode is one B accepts."""
    def can_talk(a, b):
        a_tls = a in ('outgoing', 'full')
        b_accepts_tls = b != 'off'
        b_accepts_plain = b != 'full'
        return b_accepts_tls if a_tls else b_accepts_plain

    agents = ['off', 'off', 'off']
    for step in cc.tls_plan(agents, True):
        # A rolling restart: part of the agents at the step, the rest where they were.
        for moved in range(len(agents) + 1):
            mixed = [cc.host_tls_stage(step, own) for own in agents[:moved]] + agents[moved:]
            assert all(can_talk(a, b) for a in mixed for b in mixed), (step, mixed)
        agents = [cc.host_tls_stage(step, own) for own in agents]
    assert agents == ['full'] * 3


def test_tls_names():
    assert cc.tls_names('dc1', True, 'm1', ['10.0.0.1', '', '10.0.0.1']) == [
        'DNS:server.dc1.consul', 'DNS:localhost', 'DNS:m1', 'IP:127.0.0.1', 'IP:10.0.0.1']
    assert cc.tls_names('dc2', False, 'w1', [])[0] == 'DNS:client.dc2.consul'


def test_ports_given_as_text_are_written_as_numbers():
    # -e consul_http_port=8600 reaches the role as a string; Consul refuses a string port.
    c = cc.agent_config(
        version='1.8.7', datacenter='dc1', node_name='m1', data_dir='/var/lib/consul', advertise_address='10.0.0.1',
        server=False, bootstrap_expect=3, retry_join=[], client_address='127.0.0.1', http_port='8600',
        https_port='8601', ui=False, tls_stage='full', tls_files=TLS_FILES, acl=False)
    assert c['ports'] == {'http': 8600, 'https': 8601}


def test_a_server_advertises_its_inventory_address_else_its_default_route_else_its_first_ipv4():
    facts = {'default_ipv4': {'address': '10.0.0.5'}, 'all_ipv4_addresses': ['172.17.0.1', '10.0.0.5']}
    assert cc.advertise_address('192.0.2.7', facts) == '192.0.2.7'
    assert cc.advertise_address(None, facts) == '10.0.0.5'
    # A host without a default route (an isolated lab network).
    assert cc.advertise_address('', {'default_ipv4': {}, 'all_ipv4_addresses': ['10.9.0.2']}) == '10.9.0.2'
    assert cc.advertise_address(None, None) == ''
