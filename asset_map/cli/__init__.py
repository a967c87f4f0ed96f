"""The command line: one module a job (`asset-map search`, `list`, `history`, `backup`…)."""
