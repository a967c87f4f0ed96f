"""The one base for every problem the user can act on, so each front end catches one thing."""


class AssetMapError(Exception):
    """A problem explained in words the user can act on (never shown as a traceback)."""


class DirectoryError(AssetMapError):
    """A request the directory cannot carry out, in words the user can act on."""


class EditConflict(DirectoryError):
    """Someone else saved the entry after it was opened: reload, or knowingly overwrite."""
