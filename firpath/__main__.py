"""`python -m firpath`: the `firpath` command."""

from firpath.cli import main

main()
