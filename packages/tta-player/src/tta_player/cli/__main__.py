"""``python -m tta_player.cli``: the ``tta`` command."""

import sys

from tta_player.cli import main

sys.exit(main())
