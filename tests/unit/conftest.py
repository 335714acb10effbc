"""Make the collection importable as ansible_collections.flotilla.swarm."""
import os
import sys

COLLECTIONS = os.path.join(os.path.dirname(__file__), '..', '..', '.collections')
sys.path.insert(0, os.path.abspath(COLLECTIONS))
