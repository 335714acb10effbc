"""Make the collection importable as ansible_collections.flotilla.swarm; a stand-in for the engine's API."""
import json
import os
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

COLLECTIONS = os.path.join(os.path.dirname(__file__), '..', '..', '.collections')
sys.path.insert(0, os.path.abspath(COLLECTIONS))


class _EngineHandler(BaseHTTPRequestHandler):
    """Answers GET <path> with answers[path] (the query aside) as JSON, or {}; notes each request."""

    def do_GET(self):
        self.asked.append(self.path)
        body = json.dumps(self.answers.get(urlsplit(self.path).path, {})).encode()
        self.send_response(self.status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

    def address_string(self):
        return 'unix'


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


@pytest.fixture
def unix_engine(tmp_path):
    """A real HTTP server on a unix socket in the engine API's place: set .answers ({path: JSON}) and .status,
    read .asked (the requests' paths with their queries); .path is the socket."""
    engine = SimpleNamespace(path=str(tmp_path / 'docker.sock'), answers={}, asked=[], status=200)

    class Handler(_EngineHandler):
        answers = engine.answers
        asked = engine.asked

        @property
        def status(self):
            return engine.status

    server = _UnixServer(engine.path, Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield engine
    server.shutdown()
    server.server_close()
