import hashlib
import json

from ansible_collections.flotilla.swarm.plugins.filter.daemon import daemon_json_checksum


def test_the_checksum_is_that_of_the_file_daemon_config_writes():
    text = json.dumps({'hosts': ['unix:///var/run/docker.sock'], 'labels': ['storage=ssd', 'zone=a']},
                      indent=2, sort_keys=True) + '\n'
    assert daemon_json_checksum({'hosts': ['unix:///var/run/docker.sock']}, {'zone': 'a', 'storage': 'ssd'}) == \
        hashlib.sha1(text.encode()).hexdigest()


def test_a_bad_label_gives_no_checksum_so_the_module_runs():
    assert daemon_json_checksum({}, {'zone': 'a b'}) == ''
