"""Publish: a validated package into a versioned, immutable release.

Takes a package folder that has passed ``gwrdata.checks`` and hands on ``dist/<name>-<version>/``:
the XLSX workbook, the CSV zip, the data page, checksums, a manifest, citation metadata and
release notes with the diff against the previous version; ``dist/catalog.json``, the catalog of
every release. The other way round, it downloads a released version from a catalog (``fetch``,
``gwrdata get``) and reads it as typed tables (``load``, ``gwrdata.load``). Nothing here changes
the data.
"""
