"""A labelled corpus of firmware upgrade-path statements in many house styles and wordings.

`python -m benchmarks.styles.generate --out DIR [--seed 1] [--scale 1]` writes an inbox of release notes,
emails and MAP spreadsheets, a CPL and FIR export and truth.json. The styles and wordings are split into
`tuned` (benchmarks/styles/tuned.py) and `heldout` (benchmarks/styles/heldout.py); whoever tunes an
extractor on this corpus reads only the tuned part.
"""
