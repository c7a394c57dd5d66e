"""`python -m benchmarks.blind3 --out DIR`: build the third blind corpus (benchmarks/blind3/gen.py)."""

from benchmarks.blind3.gen import main

raise SystemExit(main())
