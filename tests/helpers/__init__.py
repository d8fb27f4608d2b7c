"""Helpers the tests share (a live `kg serve`, ...): imported as `helpers.NAME`, since pytest puts
tests/ on sys.path. Test modules import from here, never from one another."""
