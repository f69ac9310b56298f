"""Benchmarks: `make bench` runs every module in this folder and writes docs/benchmarks.md."""
