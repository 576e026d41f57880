"""Imported once by the batch's worker server (multiprocessing "forkserver" preload): it compiles every
shipped template and freezes the heap, so each worker forked from it starts warm and shares those pages
instead of compiling and copying them again."""

from __future__ import annotations

import gc

from . import vn
from .render import TEMPLATES, warm

for _template in sorted(TEMPLATES.glob("*.docx")):
    warm(_template)
vn.format_number(1234.5), vn.format_percent(12.5), vn.number_to_words(21)  # load Babel's and num2words' data
gc.collect()
gc.freeze()  # the workers' garbage collector leaves these shared pages alone
