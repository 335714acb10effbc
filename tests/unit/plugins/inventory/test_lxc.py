from ansible_collections.flotilla.swarm.plugins.inventory.lxc import parse_lxc_ls, parse_markers

# lxc-ls --fancy --fancy-format NAME,STATE,IPV4 on LXC 5.0.2 (a node running Docker has two addresses).
LISTING = """NAME                 STATE   IPV4
flotilla-base-bookworm STOPPED -
swarm-agent-1        RUNNING 10.0.3.12, 172.17.0.1
swarm-manager        RUNNING 10.0.3.11
"""


def test_lxc_ls_listing():
    assert parse_lxc_ls(LISTING) == {
        'flotilla-base-bookworm': ('STOPPED', []),
        'swarm-agent-1': ('RUNNING', ['10.0.3.12', '172.17.0.1']),
        'swarm-manager': ('RUNNING', ['10.0.3.11']),
    }


def test_markers():
    config = ('# flotilla.lab = lab-lxc\n# flotilla.lab.groups = swarm_managers,extra\n'
              '# Template used to create this container\nlxc.uts.name = swarm-manager\n')
    assert parse_markers(config) == {'flotilla.lab': 'lab-lxc', 'flotilla.lab.groups': 'swarm_managers,extra'}
