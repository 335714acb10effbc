"""daemon_state's engine read, against a real HTTP server on a unix socket."""
import json
import os
import socketserver
import threading
from http.server import BaseHTTPRequestHandler

import pytest

from ansible_collections.flotilla.swarm.plugins.modules.daemon_state import engine_info

INFO = {'ServerVersion': '26.1.5', 'Swarm': {'LocalNodeState': 'active', 'NodeID': 'n1', 'ControlAvailable': True}}
NODES = [{'ID': 'n1', 'Description': {'Hostname': 'm1'}, 'Status': {'State': 'ready'}}]


class Handler(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):
        body = json.dumps(INFO if self.path == '/info' else NODES if self.path == '/nodes' else {}).encode()
        self.send_response(self.status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

    def address_string(self):
        return 'unix'


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


@pytest.fixture
def engine_socket(tmp_path):
    path = str(tmp_path / 'docker.sock')
    server = Server(path, Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield path
    server.shutdown()
    server.server_close()


def test_engine_info_over_the_socket(engine_socket):
    info, error = engine_info(engine_socket)
    assert error is None
    assert info['Swarm']['NodeID'] == 'n1'


def test_an_engine_that_answers_with_an_error(engine_socket, monkeypatch):
    monkeypatch.setattr(Handler, 'status', 500)
    info, error = engine_info(engine_socket)
    assert info is None and 'answered 500' in error


def test_no_engine(tmp_path):
    info, error = engine_info(str(tmp_path / 'missing.sock'))
    assert info is None and 'does not exist' in error
    path = str(tmp_path / 'stale.sock')
    open(path, 'w').close()
    info, error = engine_info(path)
    assert info is None and error
    os.unlink(path)
