"""How a pairing's history reads: the reasons written as it is confirmed (match), becomes
active (train), is suspended, resumed and ended (supervise), translated when shown
(core/histories.py); what is stored stays the English text."""

from flask_babel import lazy_gettext as _l

from ..core.histories import known_reason, reason_pattern

known_reason("training complete", _l("training complete"))
known_reason("resumed by a social worker", _l("resumed by a social worker"))
known_reason("resumed, waiting for training", _l("resumed, waiting for training"))
known_reason("training record corrected", _l("training record corrected"))
known_reason("demo pairing", _l("demo pairing"))
reason_pattern(r"proposal (?P<id>\d+) confirmed", _l("proposal %(id)s confirmed"))
reason_pattern(r"incident (?P<id>\d+) reported", _l("incident %(id)s reported"))
reason_pattern(r"incident (?P<id>\d+) resolved", _l("incident %(id)s resolved"))
reason_pattern(r"review (?P<id>\d+): pause", _l("paused at review %(id)s"))
reason_pattern(r"review (?P<id>\d+): ended", _l("ended at supervision review %(id)s"))
