"""The engine's lists over its unix socket (engine_objects), against a real HTTP server on a unix socket."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from ansible_collections.flotilla.swarm.plugins.module_utils.unix_engine import engine_list, list_endpoint

CONTAINERS = [{'Id': 'c1', 'Names': ['/lab-manager-1'], 'State': 'running', 'Labels': {'flotilla.lab': 'lab'}}]


@pytest.fixture
def engine(unix_engine):
    unix_engine.answers.update({'/containers/json': CONTAINERS, '/volumes': {'Volumes': None, 'Warnings': None}})
    return unix_engine


def test_containers_in_every_state_with_the_filters_as_lists(engine):
    containers, error = engine_list(engine.path, 'containers', {'label': 'flotilla.lab=lab'})
    assert error is None and containers == CONTAINERS
    (asked,) = engine.asked
    query = parse_qs(urlsplit(asked).query)
    assert query['all'] == ['1']
    assert json.loads(query['filters'][0]) == {'label': ['flotilla.lab=lab']}


def test_no_filters_lists_them_all():
    assert list_endpoint('images') == '/images/json'
    assert list_endpoint('containers', {}) == '/containers/json?all=1'
    assert json.loads(parse_qs(urlsplit(list_endpoint('networks', {'name': ['a', 'b']})).query)['filters'][0]) == \
        {'name': ['a', 'b']}


def test_the_volumes_come_out_of_their_wrapper_and_none_is_an_empty_list(engine):
    assert engine_list(engine.path, 'volumes', {'label': 'x'}) == ([], None)


def test_an_engine_that_answers_with_an_error_says_so(engine):
    engine.status = 500
    answer, error = engine_list(engine.path, 'networks', {'name': 'flotilla-lab'})
    assert answer is None and 'answered 500' in error


def test_no_engine_at_the_socket(tmp_path):
    answer, error = engine_list(str(tmp_path / 'none.sock'), 'images')
    assert answer is None and 'does not exist' in error
