import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.kernel_features import (
    feature_state, missing_message, modules_load_conf, parse_kernel_config, parse_modules_builtin,
    parse_proc_modules)

NOTHING = dict(loaded=set(), builtin=set(), kernel_config={}, filesystems=set(), existing_paths=set())


def state(name, **facts):
    merged = dict(NOTHING)
    merged.update(facts)
    return feature_state(name, **merged)


def test_parse_kernel_config_keeps_y_and_m():
    text = 'CONFIG_OVERLAY_FS=y\nCONFIG_IP_VS=m\n# CONFIG_VXLAN is not set\nCONFIG_HZ=250\n'
    assert parse_kernel_config(text) == {'CONFIG_OVERLAY_FS': 'y', 'CONFIG_IP_VS': 'm'}


def test_parse_proc_modules_and_modules_builtin():
    assert parse_proc_modules('br_netfilter 32768 0 - Live 0x0\nip_vs 184320 0 - Live 0x0\n') == {
        'br_netfilter', 'ip_vs'}
    assert parse_modules_builtin('kernel/fs/overlayfs/overlay.ko\nkernel/net/bridge/br-netfilter.ko\n') == {
        'overlay', 'br_netfilter'}


def test_a_loaded_module_is_loaded():
    assert state('ip_vs', loaded={'ip_vs'}) == 'loaded'


@pytest.mark.parametrize('facts', [
    dict(kernel_config={'CONFIG_OVERLAY_FS': 'y'}),
    dict(builtin={'overlay'}),
    dict(filesystems={'ext4', 'overlay'}),
])
def test_built_in_overlay_counts_as_present(facts):
    # No /lib/modules, modprobe fails, yet the kernel has it: not missing.
    assert state('overlay', **facts) == 'builtin'


def test_br_netfilter_seen_by_its_sysctl():
    assert state('br_netfilter', existing_paths={'/proc/sys/net/bridge/bridge-nf-call-iptables'}) == 'builtin'


def test_a_module_that_is_not_loaded_is_loadable():
    assert state('ip_vs', kernel_config={'CONFIG_IP_VS': 'm'}) == 'loadable'


def test_no_sign_anywhere_is_missing():
    assert state('ip_vs', kernel_config={'CONFIG_OVERLAY_FS': 'y'}) == 'missing'


def test_modules_load_conf_lists_only_loaded_modules():
    text = modules_load_conf({'overlay': 'builtin', 'ip_vs': 'loaded', 'br_netfilter': 'loaded', 'x': 'missing'})
    assert text.splitlines()[1:] == ['br_netfilter', 'ip_vs']


def test_missing_message_says_what_needs_it():
    assert 'routing mesh' in missing_message('ip_vs')
    assert missing_message('overlay', 'Module overlay not found').endswith(': Module overlay not found')
