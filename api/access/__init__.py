"""API access: keys (``oso api-key``), rate limits and the response cache, as ASGI middleware.

``api.access.wiring.install_access(app, settings)`` wires it into ``api.main.create_app``.
This package's ``__init__`` stays empty so the ``oso`` CLI imports only the key store.
"""
