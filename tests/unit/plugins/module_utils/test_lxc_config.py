import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.lxc_config import (
    BEGIN_MARKER, END_MARKER, apparmor_key, devices_key, docker_settings, parse_lxc_version, render)

DEBIAN_CONFIG = """\
lxc.net.0.type = veth
lxc.net.0.link = lxcbr0
lxc.apparmor.profile = generated
lxc.apparmor.allow_nesting = 1
lxc.rootfs.path = dir:/var/lib/lxc/swarm-agent-1/rootfs

# Common configuration
lxc.include = /usr/share/lxc/config/debian.common.conf
lxc.uts.name = swarm-agent-1
"""

PROXMOX_CONFIG = """\
#my container
arch: amd64
hostname: swarm-agent-1
lxc.apparmor.profile: generated
memory: 2048
rootfs: local-lvm:vm-101-disk-0,size=8G

[before-upgrade]
arch: amd64
hostname: swarm-agent-1
"""


@pytest.mark.parametrize('text, version', [
    ('5.0.2', (5, 0, 2)), ('lxc-start 4.0.6\n', (4, 0, 6)), ('2.0', (2, 0, 0)), ('3.0.3-0ubuntu1', (3, 0, 3)),
])
def test_parse_lxc_version(text, version):
    assert parse_lxc_version(text) == version


def test_parse_lxc_version_rejects_garbage():
    with pytest.raises(ValueError):
        parse_lxc_version('lxc-start: command not found')


@pytest.mark.parametrize('version, key', [
    ((1, 1, 5), 'lxc.aa_profile'), ((2, 0, 11), 'lxc.aa_profile'),
    ((2, 1, 0), 'lxc.apparmor.profile'), ((3, 0, 3), 'lxc.apparmor.profile'), ((5, 0, 2), 'lxc.apparmor.profile'),
])
def test_apparmor_key_follows_the_lxc_2_1_rename(version, key):
    assert apparmor_key(version) == key


@pytest.mark.parametrize('version, unified, key', [
    ((5, 0, 2), True, 'lxc.cgroup2.devices.allow'),
    ((5, 0, 2), False, 'lxc.cgroup.devices.allow'),
    ((3, 0, 3), True, 'lxc.cgroup.devices.allow'),
    ((2, 0, 0), False, 'lxc.cgroup.devices.allow'),
])
def test_devices_key(version, unified, key):
    assert devices_key(version, unified) == key


def test_docker_settings_for_old_lxc_use_old_names():
    settings = dict(docker_settings((2, 0, 8), False))
    assert settings['lxc.aa_profile'] == 'unconfined'
    assert 'lxc.apparmor.profile' not in settings
    assert settings['lxc.cap.drop'] == ''


def test_native_block_goes_after_the_include_and_is_idempotent():
    settings = docker_settings((5, 0, 2), False)
    once = render(DEBIAN_CONFIG, settings)
    assert once.startswith(DEBIAN_CONFIG.rstrip('\n'))
    block = once.split(BEGIN_MARKER, 1)[1]
    assert block.splitlines()[1:5] == [
        'lxc.apparmor.profile = unconfined', 'lxc.cap.drop =', 'lxc.cgroup.devices.allow = a',
        'lxc.mount.auto = proc:rw sys:rw cgroup:rw']
    assert once.index('lxc.include') < once.index(BEGIN_MARKER)
    assert once.endswith(END_MARKER + '\n')
    assert render(once, settings) == once


def test_native_block_is_replaced_not_duplicated_when_settings_change():
    old = render(DEBIAN_CONFIG, docker_settings((5, 0, 2), False))
    new = render(old, docker_settings((5, 0, 2), True))
    assert new.count(BEGIN_MARKER) == 1
    assert 'lxc.cgroup2.devices.allow = a' in new and 'lxc.cgroup.devices.allow = a' not in new


def test_native_lines_after_the_block_are_kept():
    text = render(DEBIAN_CONFIG, docker_settings((5, 0, 2), False)) + 'lxc.start.auto = 1\n'
    again = render(text, docker_settings((5, 0, 2), False))
    assert 'lxc.start.auto = 1' in again
    assert again.endswith(END_MARKER + '\n')


def test_native_absent_restores_the_original():
    settings = docker_settings((5, 0, 2), False)
    assert render(render(DEBIAN_CONFIG, settings), settings, remove=True) == DEBIAN_CONFIG


def test_proxmox_lines_go_in_the_main_section_and_replace_the_profile():
    settings = docker_settings((5, 0, 2), True)
    once = render(PROXMOX_CONFIG, settings, fmt='proxmox')
    main, snapshot = once.split('[before-upgrade]')
    assert 'lxc.apparmor.profile: unconfined' in main and 'generated' not in main
    assert 'lxc.cap.drop:\n' in main
    assert 'lxc.cgroup2.devices.allow: a' in main
    assert 'lxc.' not in snapshot
    assert main.startswith('#my container\n')
    assert render(once, settings, fmt='proxmox') == once


def test_proxmox_absent_takes_out_exactly_our_lines():
    settings = docker_settings((5, 0, 2), True)
    text = render(PROXMOX_CONFIG, settings, fmt='proxmox')
    removed = render(text, settings, fmt='proxmox', remove=True)
    assert 'lxc.cap.drop' not in removed and 'unconfined' not in removed
    assert 'memory: 2048' in removed and '[before-upgrade]' in removed


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError):
        render(DEBIAN_CONFIG, [], fmt='yaml')
