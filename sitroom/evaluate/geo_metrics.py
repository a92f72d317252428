"""Toponym resolution scores: great-circle error, acc@161km, mean/median km, AUC.

These follow Gritta et al. ("What's missing in geographical parsing?", 2018, and "A
Pragmatic Guide to Geoparsing Evaluation", 2019) so the numbers compare with theirs.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.geo.precision import haversine_km

# Half the Earth's circumference: the largest possible great-circle error, and the
# error charged to a toponym the system left unresolved.
MAX_ERROR_KM = 20039.0
ACCURACY_RADIUS_KM = 161.0  # 100 miles, the customary "accuracy" radius


def auc_of_log_error(errors_km: Sequence[float]) -> float:
    """Area under the curve of sorted, log-scaled errors (Gritta et al. 2018); lower is better.

    Each error e (km, clipped to [0, MAX_ERROR_KM]) becomes
    ``y = log(1 + e) / log(MAX_ERROR_KM)``, a value in [0, ~1]; the ys are sorted
    ascending and placed at equal steps on x in [0, 1]; the AUC is the trapezoidal area
    under that curve: ``sum((y[i] + y[i+1]) / 2) / (n - 1)``. One toponym gives its own
    y; none gives 0. A perfect system scores 0, one wrong by half the globe everywhere ~1.
    """
    if not errors_km:
        return 0.0
    scale = math.log(MAX_ERROR_KM)
    ys = sorted(math.log1p(min(max(e, 0.0), MAX_ERROR_KM)) / scale for e in errors_km)
    if len(ys) == 1:
        return ys[0]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / (len(ys) - 1)


@dataclass(frozen=True)
class ResolutionOutcome:
    """One gold toponym and what the system chose for it (None = left unresolved)."""

    gold_lat: float
    gold_lon: float
    gold_geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def same_id(self) -> bool:
        return self.geonameid is not None and self.geonameid == self.gold_geonameid

    @property
    def point_error_km(self) -> float:
        """Distance between the two points as given, whatever place each one is."""
        if self.lat is None or self.lon is None:
            return MAX_ERROR_KM
        return haversine_km(self.gold_lat, self.gold_lon, self.lat, self.lon)

    @property
    def error_km(self) -> float:
        """0 when the system chose the gold GeoNames record, else ``point_error_km``.

        Gazetteers pin a large area at different points (GeoNames' centroid for Russia is
        ~200 km from Natural Earth's label point); picking the very record the annotators
        picked is not an error, whatever point the gazetteer stores for it.
        """
        return 0.0 if self.same_id else self.point_error_km


def resolution_metrics(outcomes: Sequence[ResolutionOutcome]) -> dict[str, float]:
    """Scores over every gold toponym with a point; an unresolved one counts as maximal error.

    ``exact`` is the share of the toponyms that have a gold GeoNames id whose predicted id
    matches it (``n_exact`` of them); ``acc_161km`` the share within 161 km (a matching
    id counts as 0 km, see ``ResolutionOutcome.error_km``; ``acc_161km_points`` is the
    same on raw points); ``mean_km`` and ``median_km`` summarise the errors; ``auc`` is
    ``auc_of_log_error``; ``coverage`` is the share the system resolved at all.
    """
    errors = [o.error_km for o in outcomes]
    point_errors = [o.point_error_km for o in outcomes]
    with_id = [o for o in outcomes if o.gold_geonameid is not None]
    n = len(outcomes)
    return {
        "exact": (
            sum(1 for o in with_id if o.geonameid == o.gold_geonameid) / len(with_id)
            if with_id
            else 0.0
        ),
        "acc_161km": sum(1 for e in errors if e <= ACCURACY_RADIUS_KM) / n if n else 0.0,
        "acc_161km_points": (
            sum(1 for e in point_errors if e <= ACCURACY_RADIUS_KM) / n if n else 0.0
        ),
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "auc": auc_of_log_error(errors),
        "coverage": sum(1 for o in outcomes if o.resolved) / n if n else 0.0,
        "n": n,
        "n_exact": len(with_id),
    }
