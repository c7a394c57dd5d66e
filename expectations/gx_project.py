"""The Great Expectations context a validation runs in, and the Data Docs site that keeps every run.

Given a project folder (the run's workdir), validation runs in a file-backed GX project there
(`gx.get_context(mode="file")`, all public GX 1.x API): `gx/` holds the suites, a checkpoint per
suite, every run's validation results (`gx/uncommitted/validations/`) and the Data Docs site built
from them (`gx/uncommitted/data_docs/local_site/index.html`), whose index lists every run by name.
(The index lays its table out with scripts it loads from CDNs, so offline it shows no runs; each
result page reads without them, and the run's validation.html links to them.)
Suites, data assets and checkpoints are registered again on each run from the JSON suites in
`expectations/suites/`: the project mirrors the repository, never the other way round. Without a
folder the context is ephemeral and nothing is written (tests, one-off checks).
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import great_expectations as gx
import pandas as pd
from great_expectations.checkpoint import Checkpoint
from great_expectations.core import ExpectationSuite
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import ProgressBarsConfig

logger = logging.getLogger(__name__)

DATASOURCE = "firpath"
SITE = "local_site"  # the Data Docs site GX configures in a new file-backed project


def data_docs_index(project_dir: Path) -> Path:
    """Where the Data Docs index of the project in `project_dir` is (once a run has built it)."""
    return project_dir / "gx" / "uncommitted" / "data_docs" / SITE / "index.html"


def open_context(project_dir: Path | None) -> AbstractDataContext:
    """The file-backed project in `project_dir` (made on first use), or an ephemeral context."""
    if project_dir is None:
        context = gx.get_context(mode="ephemeral")
    else:
        project_dir.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=project_dir)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


SuiteRun = tuple[ExpectationSuite, Sequence[str]]  # a suite and the columns that name its failing rows


def prepare(
    project_dir: Path | None, suites: Mapping[str, SuiteRun]
) -> tuple[AbstractDataContext, dict[str, tuple[Checkpoint, ExpectationSuite]]]:
    """The context with a checkpoint per suite (`suite_checkpoint`).

    A run killed while GX rewrote its configuration (great_expectations.yml, or a suite, validation
    definition or checkpoint file, all of which firpath registers again on every run) would leave a
    project that no longer opens. So when opening or registering fails, those parts are moved aside
    into `gx/damaged-<time>/` and made anew, once; the validation results and Data Docs are kept.
    """
    try:
        return _registered(project_dir, suites)
    except Exception:
        if project_dir is None or not (project_dir / "gx").is_dir():
            raise
        moved = _set_configuration_aside(project_dir / "gx")
        logger.warning("the GX project in %s did not open (%s); its configuration was moved to %s and made anew",
                       project_dir, sys.exc_info()[1], moved)  # fmt: skip
        with warnings.catch_warnings():  # GX's note that it kept uncommitted/config_variables.yml
            warnings.simplefilter("ignore", UserWarning)
            return _registered(project_dir, suites)


def _registered(
    project_dir: Path | None, suites: Mapping[str, SuiteRun]
) -> tuple[AbstractDataContext, dict[str, tuple[Checkpoint, ExpectationSuite]]]:
    context = open_context(project_dir)
    source = context.data_sources.add_or_update_pandas(DATASOURCE)
    return context, {name: suite_checkpoint(context, source, suite, columns) for name, (suite, columns) in suites.items()}


_CONFIGURATION = ("great_expectations.yml", "expectations", "validation_definitions", "checkpoints")


def _set_configuration_aside(gx_dir: Path) -> Path:
    aside = gx_dir / f"damaged-{datetime.now(UTC):%Y%m%dT%H%M%S.%fZ}"
    aside.mkdir()
    for name in _CONFIGURATION:
        if (gx_dir / name).exists():
            (gx_dir / name).rename(aside / name)
    return aside


def suite_checkpoint(
    context: AbstractDataContext, source: Any, suite: ExpectationSuite, index_columns: Sequence[str]
) -> tuple[Checkpoint, ExpectationSuite]:
    """A checkpoint that validates a whole dataframe (an asset of `source`, firpath's pandas data
    source, named after the suite) against `suite`, naming failing rows by `index_columns`; with the
    suite as the context stored it (GX may give its expectations new ids)."""
    name = suite.name
    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(f"{name} (whole frame)")
    stored = context.suites.add_or_update(suite)
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=name, data=batch, suite=stored)
    )
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": list(index_columns)}
    checkpoint = context.checkpoints.add_or_update(
        Checkpoint(name=f"firpath {name}", validation_definitions=[definition], result_format=result_format)
    )
    return checkpoint, stored


def run_checkpoint(checkpoint: Checkpoint, frame: pd.DataFrame, run_name: str) -> tuple[list[Any], list[Any]]:
    """The expectation results of one checkpoint run on `frame`, and the keys its validation results
    were stored under (for the Data Docs to build)."""
    result = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_name))
    keys = list(result.run_results)
    return [r for validation in result.run_results.values() for r in validation.results], keys


def build_data_docs(context: AbstractDataContext, result_keys: Iterable[Any]) -> list[Path]:
    """The pages of these results, and the index of every run kept so far (older pages stay as
    built); returns the results' pages, in the order of `result_keys`."""
    keys = list(result_keys)
    context.build_data_docs(site_names=[SITE], resource_identifiers=keys)
    pages = []
    for key in keys:
        (site,) = context.get_docs_sites_urls(resource_identifier=key, site_name=SITE)
        pages.append(Path(url2pathname(urlparse(str(site["site_url"])).path)))
    return pages
