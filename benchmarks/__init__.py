"""Benchmarks for firpath: a large synthetic corpus (`benchmarks.corpus`) and what measures it."""
