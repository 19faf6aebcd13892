"""``python -m scamguard``: the same as the ``scamguard`` command."""

from scamguard.cli import main

raise SystemExit(main())
