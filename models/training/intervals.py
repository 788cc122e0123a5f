"""Confidence intervals shared by the training-side evaluations (the TypeScript twin is
lib/stats `wilsonInterval`)."""
from __future__ import annotations

import math
from typing import Optional, Tuple


def wilson(k: int, n: int, z: float = 1.959964) -> Tuple[Optional[float], Optional[float]]:
    """95 % Wilson score interval of ``k`` successes in ``n`` trials, as proportions rounded to 4
    places; ``(None, None)`` for n = 0. Source: Wilson, JASA 1927; Newcombe, Stat Med 1998 (method 3)."""
    if n == 0:
        return None, None
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return round(max(0.0, c - h), 4), round(min(1.0, c + h), 4)
