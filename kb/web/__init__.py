"""Web: the Flask UI (Norwegian) and the JSON API over an open index.

Takes GET requests and gives HTML pages (search with facets, region pages
with anchored items, themes, advice, overview, regions side by side), an Atom
feed of the advice and JSON/CSV twins, all from
the served build through :mod:`kb.web.state`.

Public name: :func:`create_app` (in :mod:`kb.web.app`; imported from there so
that the blueprints never import the factory).
"""
