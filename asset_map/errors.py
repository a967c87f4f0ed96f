"""The one base for every problem the user can act on, so each front end catches one thing."""


class AssetMapError(Exception):
    """A problem explained in words the user can act on (never shown as a traceback)."""
