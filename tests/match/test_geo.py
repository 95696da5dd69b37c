import numpy as np
import pytest

from matchmaker.match.geo import (
    SpatialIndex,
    chord_for_km,
    haversine_km,
    haversine_km_np,
    km_for_chord,
)
from tests.match.builders import KM_PER_DEGREE, at


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


def test_chord_and_km_convert_both_ways():
    km = np.array([0.0, 0.5, 12.0, 300.0])
    assert km_for_chord(chord_for_km(km)) == pytest.approx(km, abs=1e-9)


def points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    places = [at(x, y) for x, y in rng.uniform(-25, 25, (n, 2))]
    return np.array([p["lat"] for p in places]), np.array([p["lon"] for p in places])


def test_ball_query_finds_exactly_the_points_within_the_radius():
    lat, lon = points(400, seed=2)
    index = SpatialIndex(lat, lon)
    centre = at(3, -4)
    distances = haversine_km_np(centre["lat"], centre["lon"], lat, lon)
    for radius in (0.5, 5.0, 12.5):
        found = index.query_ball_point(centre["lat"], centre["lon"], radius)
        assert found.tolist() == np.flatnonzero(distances <= radius).tolist()


def test_nearest_query_matches_sorting_by_distance():
    lat, lon = points(300, seed=3)
    index = SpatialIndex(lat, lon)
    centre = at(-7, 2)
    distances = haversine_km_np(centre["lat"], centre["lon"], lat, lon)
    km, found = index.query(centre["lat"], centre["lon"], k=10)
    assert found.tolist() == np.argsort(distances)[:10].tolist()
    assert km == pytest.approx(np.sort(distances)[:10], abs=1e-6)


def test_empty_index_answers_nothing():
    index = SpatialIndex([], [])
    assert len(index.query_ball_point(30, 120, 10)) == 0
    assert len(index.query(30, 120, 3)[1]) == 0


def test_an_index_of_groups_answers_within_the_asked_group_only():
    lat, lon = points(300, seed=4)
    groups = np.arange(300) % 3  # three groups mixed over the same area
    index = SpatialIndex(lat, lon, groups=groups)
    centre = at(1, 1)
    distances = haversine_km_np(centre["lat"], centre["lon"], lat, lon)
    for group in range(3):
        found = index.query_many([centre["lat"]], [centre["lon"]], 5, 50.0, groups=[group])[0]
        members = np.flatnonzero(groups == group)
        nearest = members[np.argsort(distances[members])[:5]]
        assert found.tolist() == nearest.tolist()
