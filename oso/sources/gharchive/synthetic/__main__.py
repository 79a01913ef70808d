"""``python -m oso.sources.gharchive.synthetic``: see :mod:`.cli`."""

import sys

from oso.sources.gharchive.synthetic.cli import main

sys.exit(main())
