"""The directory the CLI and the app share: searching, reading, writing, keeping it true.

Imports nothing: the first screen reaches `directory.finder` before the database layer loads.
"""
