"""``python -m gjjgen.fonts``：见 :mod:`gjjgen.fonts.cli`。"""

import sys

from .cli import main

sys.exit(main())
