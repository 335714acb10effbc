"""Verify the swarm through the real docker CLI on the manager."""
import json
import os

import testinfra.utils.ansible_runner

testinfra_hosts = testinfra.utils.ansible_runner.AnsibleRunner(
    os.environ["MOLECULE_INVENTORY_FILE"]
).get_hosts("swarm_managers")

EXPECTED = {
    "mol-manager-1": "manager",
    "mol-worker-1": "worker",
    "mol-worker-2": "worker",
}


def swarm_nodes(host):
    ids = host.check_output("docker node ls -q").split()
    out = host.check_output("docker node inspect " + " ".join(ids))
    return {node["Description"]["Hostname"]: node for node in json.loads(out)}


def test_node_count_and_roles(host):
    nodes = swarm_nodes(host)
    assert {name: node["Spec"]["Role"] for name, node in nodes.items()} == EXPECTED


def test_all_nodes_ready_and_active(host):
    for name, node in swarm_nodes(host).items():
        assert node["Status"]["State"] == "ready", name
        assert node["Spec"]["Availability"] == "active", name


def test_manager_is_leader_and_reachable(host):
    manager = swarm_nodes(host)["mol-manager-1"]
    assert manager["ManagerStatus"]["Leader"] is True
    assert manager["ManagerStatus"]["Reachability"] == "reachable"


def test_nodes_run_debian_bookworms_engine(host):
    # This scenario keeps Docker Engine 20.10 (Debian bookworm's docker.io) tested.
    for name, node in swarm_nodes(host).items():
        assert node["Description"]["Engine"]["EngineVersion"].startswith("20.10."), name
