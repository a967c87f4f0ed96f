"""Benchmarks for Asset Map: synthetic directories, a fixed query mix and search-quality metrics."""
