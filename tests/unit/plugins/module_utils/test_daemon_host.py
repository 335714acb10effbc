import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.daemon_host import (
    filesystem_names, filesystem_of, host_problems, mount_types, tcp_listeners)

FILESYSTEMS = 'nodev\tsysfs\nnodev\ttmpfs\nnodev\toverlay\n\text4\n\tbtrfs\n'
MOUNTS = ('overlay / overlay rw,relatime 0 0\n'
          '/dev/vda /var/lib/docker ext4 rw,relatime 0 0\n'
          '/dev/vdb /srv/docker\\040data btrfs rw 0 0\n')
# /proc/net/tcp: 127.0.0.1:8500 (inode 111) and 0.0.0.0:2376 (inode 222) listen; one connection is established.
TCP = ('  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
       '   0: 0100007F:2134 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1\n'
       '   1: 00000000:0948 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1\n'
       '   2: 0100007F:2134 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 333 1\n')
# /proc/net/tcp6: [::]:7946 listening (inode 444).
TCP6 = ('  sl  local_address                         remote_address                        st tx_queue rx_queue tr '
        'tm->when retrnsmt   uid  timeout inode\n'
        '   0: 00000000000000000000000000000000:1F0A 00000000000000000000000000000000:0000 0A 00000000:00000000 '
        '00:00000000 00000000     0        0 444 1\n')
OWNERS = {'111': 'consul', '222': 'dockerd', '444': 'dockerd'}
VARIABLES = {'hosts:address': 'docker_daemon_api_addr', 'hosts:port': 'docker_daemon_api_port',
             'storage-driver': 'docker_daemon_storage_driver'}


def read(**changes):
    """A daemon_state result of a host with overlay and btrfs, /var/lib/docker on ext4, running overlay2."""
    result = {'filesystems': filesystem_names(FILESYSTEMS), 'mounts': mount_types(MOUNTS),
              'listening': tcp_listeners([TCP, TCP6], OWNERS), 'engine': {'Driver': 'overlay2'}}
    result.update(changes)
    return result


def api(port, address='10.0.0.5', **more):
    return dict({'hosts': ['unix:///var/run/docker.sock', 'tcp://%s:%s' % (address, port)]}, **more)


def test_the_read_is_parsed():
    assert filesystem_names(FILESYSTEMS) == ['btrfs', 'ext4', 'overlay', 'sysfs', 'tmpfs']
    assert mount_types(MOUNTS) == {'/': 'overlay', '/var/lib/docker': 'ext4', '/srv/docker data': 'btrfs'}
    assert tcp_listeners([TCP, TCP6], OWNERS) == [
        {'address': '0.0.0.0', 'port': 2376, 'process': 'dockerd'},
        {'address': '::', 'port': 7946, 'process': 'dockerd'},
        {'address': '127.0.0.1', 'port': 8500, 'process': 'consul'},
    ]
    assert tcp_listeners([TCP])[0]['process'] == ''


def test_the_longest_mount_point_above_a_path_decides_its_filesystem():
    mounts = mount_types(MOUNTS)
    assert filesystem_of('/var/lib/docker', mounts) == 'ext4'
    assert filesystem_of('/var/lib/docker-other', mounts) == 'overlay'
    assert filesystem_of('/srv/docker data/x', mounts) == 'btrfs'
    assert filesystem_of('/x', {}) is None


def test_a_configuration_that_fits_has_no_problem():
    addresses = ['10.0.0.5', '172.18.0.1']
    assert host_problems(api(2376, storage_driver=None), read(), addresses, VARIABLES) == []
    assert host_problems(api(2376, **{'storage-driver': 'overlay2'}), read(), addresses, VARIABLES) == []
    # The engine's own port stays its own; a wildcard or loopback address is always the host's.
    assert host_problems(api(2376, '0.0.0.0'), read(), addresses, VARIABLES) == []
    assert host_problems(api(2377, '127.0.0.1'), read(), addresses, VARIABLES) == []


@pytest.mark.parametrize('port', [99999, 0, 'x'])
def test_a_port_out_of_range_names_the_variable(port):
    assert host_problems(api(port), read(), ['10.0.0.5'], VARIABLES) == [
        'docker_daemon_api_port=%s (daemon.json hosts tcp://10.0.0.5:%s): not a TCP port: use one from 1 to 65535 '
        '(the engine API over TLS is usually 2376)' % (port, port)]


def test_a_port_another_program_listens_on_is_refused():
    problems = host_problems(api(8500, '127.0.0.1'), read(), ['10.0.0.5'], VARIABLES)
    assert problems == ['docker_daemon_api_port=8500 (daemon.json hosts tcp://127.0.0.1:8500): port 8500 is taken '
                        'by consul on 127.0.0.1: choose a free port']
    # On another address of the host the port is free.
    assert host_problems(api(8500), read(), ['10.0.0.5'], VARIABLES) == []
    # A wildcard listener takes the port on every address.
    listening = [{'address': '0.0.0.0', 'port': 9000, 'process': ''}]
    assert 'taken by another program on 0.0.0.0' in host_problems(api(9000), read(listening=listening))[0]


def test_an_address_the_host_does_not_have_is_refused():
    assert host_problems(api(2376, '10.9.9.9'), read(), ['10.0.0.5', '172.18.0.1'], VARIABLES) == [
        'docker_daemon_api_addr=10.9.9.9 (daemon.json hosts tcp://10.9.9.9:2376): not an address of this host; it '
        'has 10.0.0.5, 172.18.0.1']
    # Without the host's addresses (no network facts) the address is not checked.
    assert host_problems(api(2376, '10.9.9.9'), read(), None, VARIABLES) == []


def test_a_storage_driver_the_host_cannot_back_is_refused():
    # btrfs is in the kernel, but /var/lib/docker is on ext4.
    assert host_problems({'storage-driver': 'btrfs'}, read(), None, VARIABLES) == [
        'docker_daemon_storage_driver=btrfs (daemon.json storage-driver btrfs): /var/lib/docker is on ext4, not '
        'btrfs; this host can run overlay2, vfs']
    # ... and is fine with a data root on btrfs.
    assert host_problems({'storage-driver': 'btrfs', 'data-root': '/srv/docker data/engine'}, read()) == []
    # zfs is not in this kernel at all; fuse-overlayfs needs fuse.
    assert 'the kernel has no zfs filesystem; this host can run overlay2, vfs' in \
        host_problems({'storage-driver': 'zfs'}, read())[0]
    assert 'the kernel has no fuse filesystem' in host_problems({'storage-driver': 'fuse-overlayfs'}, read())[0]
    # Without overlay in the kernel, overlay2 is refused too.
    no_overlay = read(filesystems=['ext4'], engine={'Driver': 'vfs'})
    assert 'the kernel has no overlay filesystem; this host can run vfs' in \
        host_problems({'storage-driver': 'overlay2'}, no_overlay)[0]


def test_unknown_and_removed_storage_drivers_are_refused():
    assert host_problems({'storage-driver': 'overlay3'}, read())[0] == (
        'daemon.json storage-driver overlay3: not a storage driver the engine knows; use one of btrfs, '
        'fuse-overlayfs, overlay2, vfs, zfs')
    assert 'engines from 25.0 on no longer have it; use overlay2' in \
        host_problems({'storage-driver': 'devicemapper'}, read())[0]


def test_the_driver_an_engine_runs_with_now_is_not_questioned():
    assert host_problems({'storage-driver': 'btrfs'}, read(engine={'Driver': 'btrfs'})) == []


def test_a_read_without_the_host_facts_checks_what_it_can():
    assert host_problems({'storage-driver': 'btrfs'}, {}) == []
    assert host_problems(api(99999), {})[0].startswith('daemon.json hosts tcp://10.0.0.5:99999: not a TCP port')
