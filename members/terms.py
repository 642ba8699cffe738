"""The municipal council terms that the elected officials' appointments follow."""

from __future__ import annotations

import datetime

# The municipal council term 2025-2029 began on 1 June 2025. Elected officials appointed before
# it are likely to have been replaced: elections change them, not the other roles.
CURRENT_COUNCIL_TERM_START = datetime.date(2025, 6, 1)
