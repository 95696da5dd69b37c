import numpy as np
import pytest

from matchmaker.match.geo import haversine_km, haversine_km_np
from tests.match.builders import KM_PER_DEGREE


def test_one_degree_of_latitude_is_about_111_km():
    assert haversine_km(30, 120, 31, 120) == pytest.approx(KM_PER_DEGREE)
    assert haversine_km(30, 120, 30, 120) == 0


def test_known_city_distance():
    # Beijing (Tiananmen) to Shanghai (People's Square): about 1,068 km.
    assert haversine_km(39.9087, 116.3975, 31.2304, 121.4737) == pytest.approx(1068, abs=5)


def test_vectorised_distance_agrees_with_scalar():
    rng = np.random.default_rng(1)
    lat1, lat2 = rng.uniform(20, 45, 50), rng.uniform(20, 45, 50)
    lon1, lon2 = rng.uniform(100, 125, 50), rng.uniform(100, 125, 50)
    expected = [haversine_km(*args) for args in zip(lat1, lon1, lat2, lon2, strict=True)]
    assert haversine_km_np(lat1, lon1, lat2, lon2) == pytest.approx(expected, rel=1e-12)
