"""The third blind corpus: a mixed held-out labelled corpus (release-note PDFs, emails with and without
attachments, MAP spreadsheets), written blind by a separate writer who never saw the extractor (its code, tests
or other corpora), so that it measures how firpath does on documents nobody tuned it on.

Its documents must not be read or tuned on by people working on the extractor: once they are, it is no
longer held out. The generator modules (core.py, docs_pdf.py, docs_email.py, docs_map.py) are packaged as the
writer wrote them; gen.py only runs them into a given folder. benchmarks/accuracy.py builds it at run time
(`python -m benchmarks.blind3 --out DIR` writes DIR/{inbox/, cpl.csv, fir.csv, truth.json},
benchmarks/labelled.py's format, every item split `heldout`) and scores it with `--blind`.
"""
