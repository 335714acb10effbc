"""The engine's lists over its unix socket (engine_objects), against a real HTTP server on a unix socket."""
import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.unix_engine import engine_list, list_endpoint

CONTAINERS = [{'Id': 'c1', 'Names': ['/lab-manager-1'], 'State': 'running', 'Labels': {'flotilla.lab': 'lab'}}]


class Handler(BaseHTTPRequestHandler):
    asked = []
    status = 200

    def do_GET(self):
        Handler.asked.append(self.path)
        path = urlsplit(self.path).path
        answer = {'/containers/json': CONTAINERS, '/volumes': {'Volumes': None, 'Warnings': None}}.get(path, [])
        body = json.dumps(answer).encode()
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
    Handler.asked = []
    path = str(tmp_path / 'docker.sock')
    server = Server(path, Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield path
    server.shutdown()
    server.server_close()


def test_containers_in_every_state_with_the_filters_as_lists(engine_socket):
    containers, error = engine_list(engine_socket, 'containers', {'label': 'flotilla.lab=lab'})
    assert error is None and containers == CONTAINERS
    (asked,) = Handler.asked
    query = parse_qs(urlsplit(asked).query)
    assert query['all'] == ['1']
    assert json.loads(query['filters'][0]) == {'label': ['flotilla.lab=lab']}


def test_no_filters_lists_them_all():
    assert list_endpoint('images') == '/images/json'
    assert list_endpoint('containers', {}) == '/containers/json?all=1'
    assert json.loads(parse_qs(urlsplit(list_endpoint('networks', {'name': ['a', 'b']})).query)['filters'][0]) == \
        {'name': ['a', 'b']}


def test_the_volumes_come_out_of_their_wrapper_and_none_is_an_empty_list(engine_socket):
    assert engine_list(engine_socket, 'volumes', {'label': 'x'}) == ([], None)


def test_an_engine_that_answers_with_an_error_says_so(engine_socket, monkeypatch):
    monkeypatch.setattr(Handler, 'status', 500)
    answer, error = engine_list(engine_socket, 'networks', {'name': 'flotilla-lab'})
    assert answer is None and 'answered 500' in error


def test_no_engine_at_the_socket(tmp_path):
    answer, error = engine_list(str(tmp_path / 'none.sock'), 'images')
    assert answer is None and 'does not exist' in error
