"""The swarm's own spec: module_utils/cluster_spec."""

from ansible_collections.flotilla.swarm.plugins.module_utils.cluster_spec import cluster_spec_update, nodes_behind_root_ca


# Swarm-wide settings

def test_cluster_spec_update_turns_autolock_on_and_keeps_the_rest():
    spec = {'Name': 'default', 'Raft': {'SnapshotInterval': 10000}, 'EncryptionConfig': {'AutoLockManagers': False}}
    new, actions = cluster_spec_update(spec, autolock=True)
    assert actions == ['autolock_on']
    assert new == {'Name': 'default', 'Raft': {'SnapshotInterval': 10000}, 'EncryptionConfig': {'AutoLockManagers': True}}
    assert spec['EncryptionConfig']['AutoLockManagers'] is False


def test_cluster_spec_update_changes_nothing_when_autolock_matches_or_is_unset():
    spec = {'EncryptionConfig': {'AutoLockManagers': True}}
    assert cluster_spec_update(spec, autolock=True) == (spec, [])
    assert cluster_spec_update({}, autolock=None) == ({}, [])
    assert cluster_spec_update({}, autolock=False) == ({}, [])
    assert cluster_spec_update(spec, autolock=False)[1] == ['autolock_off']


def test_cluster_spec_update_rotates_the_ca_by_bumping_force_rotate():
    new, actions = cluster_spec_update({'CAConfig': {'NodeCertExpiry': 1, 'ForceRotate': 4}}, rotate_ca=True)
    assert actions == ['rotate_ca']
    assert new['CAConfig'] == {'NodeCertExpiry': 1, 'ForceRotate': 5}
    assert cluster_spec_update({}, rotate_ca=True)[0]['CAConfig'] == {'ForceRotate': 1}


def _tls_node(hostname, root, state='ready'):
    return {'ID': hostname, 'Description': {'Hostname': hostname, 'TLSInfo': {
        'TrustRoot': root, 'CertIssuerSubject': 'subj-' + root, 'CertIssuerPublicKey': 'key-' + root}},
        'Status': {'State': state}}


def test_nodes_behind_root_ca_names_ready_nodes_without_the_new_certificate_and_down_nodes():
    swarm = {'TLSInfo': {'TrustRoot': 'new', 'CertIssuerSubject': 'subj-new', 'CertIssuerPublicKey': 'key-new'}}
    nodes = [_tls_node('m1', 'new'), _tls_node('w1', 'old'), _tls_node('w2', 'old', state='down')]
    assert nodes_behind_root_ca(swarm, nodes) == (['w1'], ['w2'])
    assert nodes_behind_root_ca(swarm, nodes[:1]) == ([], [])
