"""``.zenodo.json``: the deposit metadata Zenodo reads when a GitHub release is archived.

Why: a DOI per version lets a citation point at exactly the bytes a study used. Zenodo's
GitHub integration mints one for every GitHub release and takes the deposit's metadata from a
``.zenodo.json`` at the top of the repository; without it, Zenodo guesses from the repository
(code, not a data set, and the wrong title). It is made here from the descriptor, through the
same helpers as CITATION.cff, so the two never disagree; ``gwrdata zenodo RELEASE`` prints it.
"""

from __future__ import annotations

import json

from gwrdata.publish import catalog, citation


def zenodo_metadata(descriptor: dict) -> dict:
    version = descriptor["version"]
    source = citation.source_meta(descriptor)
    notes = citation.citation_text(descriptor, version)
    if source["sha256"]:
        notes += f" The source text is vendored byte for byte as {source['path']} (SHA-256 {source['sha256']})."
    metadata = {
        "upload_type": "dataset",
        "title": f"{descriptor['title']} (version {version})",
        "version": version,
        "publication_date": citation.release_date(descriptor),
        "description": descriptor.get("description", ""),
        "creators": [{"name": name} for name in citation.authors(descriptor)] or [{"name": descriptor["name"]}],
        "keywords": list(descriptor.get("keywords", [])),
        "access_right": "open",
        "related_identifiers": [{"identifier": catalog.release_address(descriptor["name"], version),
                                 "relation": "isIdenticalTo", "resource_type": "dataset"}],
        "notes": notes,
    }
    ids = citation.license_ids(descriptor)
    if ids:
        metadata["license"] = ids[0].lower()
    return metadata


def zenodo_json(descriptor: dict) -> str:
    return json.dumps(zenodo_metadata(descriptor), ensure_ascii=False, indent=2) + "\n"
