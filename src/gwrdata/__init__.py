"""gwrdata: figures of a government work report as a traceable, validated data package.

The package root imports nothing heavy on purpose: the CLI's ``--help`` must answer at once,
and great-expectations alone takes seconds to import. Import the module you need.
"""

__version__ = "0.1.0"
