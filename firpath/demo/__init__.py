"""A realistic sample inbox, CPL and FIR, generated (never shipped) for `firpath demo` and tests."""

from firpath.demo.scenario import DemoInputs, write_demo

__all__ = ["DemoInputs", "write_demo"]
