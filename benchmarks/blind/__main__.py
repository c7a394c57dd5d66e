"""`python -m benchmarks.blind --out DIR`: build the blind corpus (benchmarks/blind/gen.py)."""

from benchmarks.blind.gen import main

raise SystemExit(main())
