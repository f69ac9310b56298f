"""The browser client of TTA: static HTML, CSS and ES modules that tta_player serves at ``/``.

There is no build step: the files in ``static/`` are what the browser runs. ``mount_web(app)``
adds the routes; assets are served under ``/assets/<version>/`` where the version is a hash
of their content, so they can be cached for a year while the page itself is always revalidated.
"""

from tta_player.web.site import (
    CONTENT_SECURITY_POLICY,
    STATIC_DIR,
    asset_version,
    mount_web,
)

__all__ = ["CONTENT_SECURITY_POLICY", "STATIC_DIR", "asset_version", "mount_web"]
