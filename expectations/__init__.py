"""Data-quality expectations for firpath, run with Great Expectations 1.x.

`expectations.frames` builds the frames (pure pandas), `expectations/suites/*.json` holds the
suites as data, `expectations.runner.validate` runs them (importing GX, which takes seconds) and
`expectations.report.validation_html` renders the report as one self-contained HTML page. The
report types and `flag_proposals` live in `expectations.results`, which does not import GX.
"""
