"""``python -m gjjgen`` 与 ``gjjgen`` 命令相同。"""

import sys

from .cli.app import main

sys.exit(main())
