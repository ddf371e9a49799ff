"""gwrdata: figures of a government work report as a traceable, validated data package.

The package root imports nothing heavy on purpose: the CLI's ``--help`` must answer at once,
and great-expectations alone takes seconds to import. Import the module you need; the one
exceptions are ``gwrdata.load(...)`` and ``gwrdata.catalog()``, which are looked up on first use
(PEP 562), so that ``import gwrdata`` stays as light as before.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    if name == "load":
        from gwrdata.publish.load import load

        return load
    if name == "catalog":
        from gwrdata.publish.search import frame

        def catalog(catalog: str | None = None):
            """Every dataset version of the catalog (an URL or local path; default: the public one)
            as a pandas DataFrame, one row per version."""
            return frame(catalog)

        return catalog
    raise AttributeError(f"module 'gwrdata' has no attribute {name!r}")
