"""`python -m benchmarks.blind2 --out DIR`: build the second blind corpus (benchmarks/blind2/gen.py)."""

from benchmarks.blind2.gen import main

raise SystemExit(main())
