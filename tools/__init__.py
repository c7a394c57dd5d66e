"""Tools the CI runs besides the tests (tools/dependency_audit.py)."""
