"""The blind corpus: a held-out labelled corpus written blind, by a separate writer who never saw the
extractor (its code, tests or other corpora), so that it measures how firpath does on documents nobody
tuned it on.

Its documents must not be read or tuned on by people working on the extractor: once they are, it is no
longer held out. benchmarks/accuracy.py builds it at run time (`python -m benchmarks.blind --out DIR`
writes DIR/{inbox/, cpl.csv, fir.csv, truth.json}, benchmarks/labelled.py's format, every item split
`heldout`) and scores it with `--blind`.
"""
