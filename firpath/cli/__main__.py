"""`python -m firpath.cli`: the `firpath` command (as tests and benchmarks start it)."""

from firpath.cli import main

main()
