"""`python -m asset_map` runs the same command line as `asset-map`."""

from asset_map.main import main

raise SystemExit(main())
