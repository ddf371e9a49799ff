"""Package: a recipe's figures, curated, into a Frictionless data package.

Takes a recipe (the source file and its hash, the report year, curated subjects, indicators and
section overrides as data) and the extraction, and hands on a package folder: tidy CSV tables and a
Data Package v2 descriptor whose schemas come from the one field registry (``data/registry.yaml``).
The headline table (targets beside the previous year's results) is built here.
"""
