"""Asset Map: a terminal directory of community assets for asset-based community work."""

__version__ = "0.1.0"
