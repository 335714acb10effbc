#!/usr/bin/env python
"""Start a container as a Registrator user does (-e SERVICE_NAME=webapp -p 80), time how long
Registrator takes to put it into the Consul catalog, stop it, and time its removal.
Prints one JSON object. Runs on a Docker host with a local Consul agent."""
import json
import subprocess
import sys
import time
import urllib.request

IMAGE, NAME, SERVICE = sys.argv[1], 'flotilla-webapp-probe', 'webapp'
CATALOG = 'http://127.0.0.1:8500/v1/catalog/service/' + SERVICE


def docker(*args):
    return subprocess.run(('docker',) + args, check=True, capture_output=True, text=True).stdout.strip()


def entries():
    with urllib.request.urlopen(CATALOG, timeout=2) as response:
        return json.load(response)


def wait(predicate, start, timeout=20.0):
    """Seconds from start until predicate holds for the catalog entries (None on timeout)."""
    while time.monotonic() - start < timeout:
        found = entries()
        if predicate(found):
            return round(time.monotonic() - start, 2), found
        time.sleep(0.2)
    return None, entries()


subprocess.run(['docker', 'rm', '-f', NAME], capture_output=True, check=False)
started = time.monotonic()
docker('run', '-d', '--name', NAME, '-e', 'SERVICE_NAME=' + SERVICE, '-p', '80', IMAGE, 'httpd', '-f', '-p', '80')
published = int(docker('port', NAME, '80/tcp').splitlines()[0].rsplit(':', 1)[1])
registered_after, found = wait(lambda found: any(e['ServicePort'] == published for e in found), started)
entry = next((e for e in found if e['ServicePort'] == published), {})
stopping = time.monotonic()
docker('stop', '-t', '1', NAME)
deregistered_after, remaining = wait(lambda found: not any(e['ServicePort'] == published for e in found), stopping)
docker('rm', '-f', NAME)
print(json.dumps({'published_port': published, 'registered_after': registered_after,
                  'deregistered_after': deregistered_after, 'service_address': entry.get('ServiceAddress'),
                  'service_port': entry.get('ServicePort'), 'node': entry.get('Node')}))
